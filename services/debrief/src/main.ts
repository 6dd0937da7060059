/** Runs one agency's debrief service as its own process: `concord-debrief --help`. */
import { Capability } from '@concord/federation';
import { exitWithError, runServiceMain } from '@concord/service-kit';
import { createDebriefService } from './debrief-service.js';

runServiceMain(Capability.Debrief, createDebriefService).catch(exitWithError);
