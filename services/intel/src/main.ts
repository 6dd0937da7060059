/** Runs one agency's intel service as its own process: `concord-intel --help`. */
import { Capability } from '@concord/federation';
import { exitWithError, runServiceMain } from '@concord/service-kit';
import { createIntelService } from './intel-service.js';

runServiceMain(Capability.Intel, createIntelService).catch(exitWithError);
