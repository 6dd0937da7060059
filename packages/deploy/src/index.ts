export { renderAgencyBundle } from './agency-bundle.js';
export type { AgencyBundleOptions } from './agency-bundle.js';
export { renderHubBundle } from './hub-bundle.js';
export type { HubBundleOptions } from './hub-bundle.js';
export { writeBundle } from './bundle.js';
export type { BundleFile } from './bundle.js';
