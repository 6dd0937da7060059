export { agencyIdSchema, manifestSchema, Role } from './schema.js';
export type { Agency, AgencyKeys, Manifest, TrustedAgency, TrustedManifest } from './schema.js';
export { findAgency, loadManifest, parseManifest, requireAgency, requireTrusted, validateManifest } from './load-manifest.js';
export { inboundQuotasSchema, peerQuotaSchema } from './inbound-quotas.js';
export type { InboundQuotaSettings, PeerQuotaSettings } from './inbound-quotas.js';
export { agencySiteSchema, hubClusterSchema } from './addresses.js';
export type { AgencySite, HubCluster, HubNode, SiteNode } from './addresses.js';
