export { createTaskingService } from './tasking-service.js';
export type { TaskingOptions, TaskingService } from './tasking-service.js';
export { taskingWire } from './tasking-wire.js';
