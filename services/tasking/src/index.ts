export { createTaskingService } from './tasking-service.js';
