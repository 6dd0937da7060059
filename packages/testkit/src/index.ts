export { containerNatsRunner, natsImage } from './container-runner.js';
export { selectNatsRunner } from './select-runner.js';
export type { RuntimeProbe } from './select-runner.js';
export { loadExampleManifest, TestFederation } from './test-federation.js';
export type { Credentials, TestFederationOptions } from './test-federation.js';
export { waitFor } from './wait-for.js';
export { reflect, reflectedRpcs } from './reflection.js';
export type { ReflectionResponse, Rpc } from './reflection.js';
