export { createIntelService, maxAlertEventBytes } from './intel-service.js';
export { createIntelCodec } from './intel-wire.js';
export type { IntelCodec } from './intel-wire.js';
export type { IntelOptions, IntelService } from './intel-service.js';
