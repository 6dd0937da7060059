export { ensureSecret, hashPassword } from './credentials.js';
export { hubCertificateOf, leafTrustOf } from './leaf-trust.js';
export type { LeafTrust } from './leaf-trust.js';
export { AgencyAccount, agencyLeafRemote, agencyServerConfig, hubServerConfig, renderConfig } from './server-config.js';
export type { AgencyServerPlan, HubServerPlan, NatsUser, TlsFiles } from './server-config.js';
export { agencyNodeConfig, clusterBlock, hubNodeConfig, nodeServerName } from './cluster-config.js';
export type { AgencyNodePlan, ClusterPlan, HubNodePlan } from './cluster-config.js';
export { agencyClusterName, agencySitePlans, hubClusterName, hubClusterPlans, hubNodesOf, siteOf } from './site-plans.js';
export type { AgencySiteFiles, HubClusterFiles } from './site-plans.js';
