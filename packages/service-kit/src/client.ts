/**
 * What a client of the services needs, without the server side (which loads gRPC servers, reflection,
 * the access guard and the audit log): calls, TLS credentials, health probes, the services' names.
 * The CLI imports this on every command.
 */
export { callUnary } from './grpc-call.js';
export type { RequestOf, UnaryNames } from './grpc-call.js';
export { grpcCredentials } from './grpc-credentials.js';
export { healthChecker, probeHealth } from './health-probe.js';
export type { HealthChecker, HealthStatus } from './health-probe.js';
export { serviceNames } from './service-names.js';
export type { ServiceName } from './service-names.js';
