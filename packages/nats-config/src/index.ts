export { ensureSecret, hashPassword } from './credentials.js';
export { hubCertificateOf, leafTrustOf } from './leaf-trust.js';
export type { LeafTrust } from './leaf-trust.js';
export { AgencyAccount, agencyServerConfig, hubServerConfig, renderConfig } from './server-config.js';
export type { AgencyServerPlan, HubServerPlan, NatsUser, TlsFiles } from './server-config.js';
