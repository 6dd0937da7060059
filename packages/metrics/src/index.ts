export { AgencyMetrics } from './agency-metrics.js';
export type { LinkSource, PeerLinkStats } from './agency-metrics.js';
export { linkHealthSchema, peerHealthSchema } from './link-health.js';
export type { LinkHealth, PeerHealth } from './link-health.js';
export { serveMetrics } from './metrics-server.js';
export type { MetricsEndpointOptions, RunningMetricsEndpoint } from './metrics-server.js';
