export { ensureSecret, hashPassword } from './credentials.js';
export { AgencyAccount, agencyServerConfig, hubServerConfig, renderConfig } from './server-config.js';
export type { AgencyServerPlan, HubServerPlan, NatsUser } from './server-config.js';
