/** Runs one agency's planning service as its own process: `concord-planning --help`. */
import { Capability } from '@concord/federation';
import { exitWithError, runServiceMain } from '@concord/service-kit';
import { createPlanningService } from './planning-service.js';

runServiceMain(Capability.Planning, (context) => createPlanningService(context)).catch(exitWithError);
