/** Typed clients of the agency's services, generated descriptors over the one transport. */
import { createClient } from '@connectrpc/connect';
import { DebriefService } from '@concord/web-contracts/debrief';
import { IntelService } from '@concord/web-contracts/intel';
import { AccessService } from '@concord/web-contracts/access';
import { PlanningService } from '@concord/web-contracts/planning';
import { TaskingService } from '@concord/web-contracts/tasking';
import { transport } from './transport';

export const intel = createClient(IntelService, transport);
export const planning = createClient(PlanningService, transport);
export const tasking = createClient(TaskingService, transport);
export const debrief = createClient(DebriefService, transport);
export const access = createClient(AccessService, transport);
