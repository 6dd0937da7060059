/** Runs one agency's tasking service as its own process: `concord-tasking --help`. */
import { Capability } from '@concord/federation';
import { exitWithError, runServiceMain } from '@concord/service-kit';
import { createTaskingService } from './tasking-service.js';

runServiceMain(Capability.Tasking, createTaskingService).catch(exitWithError);
