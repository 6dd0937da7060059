export { createIntelService, maxAlertEventBytes } from './intel-service.js';
export type { IntelOptions, IntelService } from './intel-service.js';
