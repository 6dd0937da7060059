/**
 * The debrief service of one agency. Its RPCs arrive with the lessons-learned debrief (the debrief issue); until
 * then it runs as a real process that answers health checks and reflection on its own port.
 */
import { DebriefServiceService } from '@concord/contracts/debrief';
import { protoFiles, protoRoot } from '@concord/contracts';
import type { ServiceContext, ServiceInstance } from '@concord/service-kit';

export function createDebriefService(context: ServiceContext): Promise<ServiceInstance> {
  context.log.debug('debrief service has no RPCs yet');
  return Promise.resolve({
    grpc: { name: 'concord.v1.DebriefService', definition: DebriefServiceService, implementation: {}, protoFile: protoFiles.debrief, protoRoot },
    stop: () => Promise.resolve(),
  });
}
