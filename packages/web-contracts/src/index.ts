/**
 * The service descriptors of every agency service, keyed by the service that serves it: the console's
 * gateway builds its Connect routes from them, and the web app its clients. Browser-safe (no Node import).
 */
import { PlanningService } from './gen/concord/v1/planning_pb.js';
import { TaskingService } from './gen/concord/v1/tasking_pb.js';
import { IntelService } from './gen/concord/v1/intel_pb.js';
import { DebriefService } from './gen/concord/v1/debrief_pb.js';
import { AccessService } from './gen/concord/v1/access_pb.js';

/** Keys are the service names of `@concord/service-kit` (the identity service serves AccessService). */
export const serviceDescriptors = {
  planning: PlanningService,
  tasking: TaskingService,
  intel: IntelService,
  debrief: DebriefService,
  identity: AccessService,
} as const;

export { PlanningService, TaskingService, IntelService, DebriefService, AccessService };
