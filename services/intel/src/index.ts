export { createIntelService } from './intel-service.js';
