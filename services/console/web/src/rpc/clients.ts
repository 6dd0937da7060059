/** Typed clients of the agency's services, generated descriptors over the one transport. */
import { createClient } from '@connectrpc/connect';
import { AccessService } from '@concord/web-contracts/access';
import { PlanningService } from '@concord/web-contracts/planning';
import { transport } from './transport';

export const planning = createClient(PlanningService, transport);
export const access = createClient(AccessService, transport);
