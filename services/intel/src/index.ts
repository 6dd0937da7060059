export { createIntelService, maxAlertEventBytes } from './intel-service.js';
export { createIntelCodec } from './intel-wire.js';
export type { IntelCodec } from './intel-wire.js';
export type { IntelOptions, IntelService } from './intel-service.js';
export { AlertBook } from './alert-book.js';
export type { AlertChange, ChangeKind } from './alert-book.js';
export type { IntelEvent } from './intel-wire.js';
export { toStixBundle } from './stix-export.js';
