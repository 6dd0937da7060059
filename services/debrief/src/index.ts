export { createDebriefService } from './debrief-service.js';
