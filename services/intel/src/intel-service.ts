/**
 * The intel service of one agency. Its RPCs arrive with sealed intelligence alerts (the secure intelligence exchange issue); until
 * then it runs as a real process that answers health checks and reflection on its own port.
 */
import { IntelServiceService } from '@concord/contracts/intel';
import { protoFiles, protoRoot } from '@concord/contracts';
import type { ServiceContext, ServiceInstance } from '@concord/service-kit';

export function createIntelService(context: ServiceContext): Promise<ServiceInstance> {
  context.log.debug('intel service has no RPCs yet');
  return Promise.resolve({
    grpc: { name: 'concord.v1.IntelService', definition: IntelServiceService, implementation: {}, protoFile: protoFiles.intel, protoRoot },
    stop: () => Promise.resolve(),
  });
}
