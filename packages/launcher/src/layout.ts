/**
 * What tools need to find a running local federation, without loading the launcher itself (which
 * brings every service with it): the endpoints file and the data-directory layout. The CLI imports
 * this on every command.
 */
export { endpointsSchema, readEndpoints } from './endpoints.js';
export type { Endpoints } from './endpoints.js';
export { federationPaths } from './federation-paths.js';
export type { AgencyPaths, FederationPaths } from './federation-paths.js';
export { defaultBasePort } from './default-port.js';
