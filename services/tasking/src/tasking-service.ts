/**
 * The tasking service of one agency. Its RPCs arrive with assignments inside the agency and requests for assistance between agencies (the tasking issue); until
 * then it runs as a real process that answers health checks and reflection on its own port.
 */
import { TaskingServiceService } from '@concord/contracts/tasking';
import { protoFiles, protoRoot } from '@concord/contracts';
import type { ServiceContext, ServiceInstance } from '@concord/service-kit';

export function createTaskingService(context: ServiceContext): Promise<ServiceInstance> {
  context.log.debug('tasking service has no RPCs yet');
  return Promise.resolve({
    grpc: { name: 'concord.v1.TaskingService', definition: TaskingServiceService, implementation: {}, protoFile: protoFiles.tasking, protoRoot },
    stop: () => Promise.resolve(),
  });
}
