/** Typed clients of the agency's services, generated descriptors over the one transport. */
import { createClient } from '@connectrpc/connect';
import { IntelService } from '@concord/web-contracts/intel';
import { PlanningService } from '@concord/web-contracts/planning';
import { transport } from './transport';

export const intel = createClient(IntelService, transport);
export const planning = createClient(PlanningService, transport);
