/** Hosts some or all of one agency's four services in one process; each keeps its own connection and port. */
import type { DestinationStream } from 'pino';
import { createDebriefService } from '@concord/debrief';
import { createIdentityService } from '@concord/identity-provider';
import { createIntelService } from '@concord/intel';
import { createPlanningService } from '@concord/planning';
import { startService, type RunningService, type ServiceConfig, type ServiceFactory, type ServiceName } from '@concord/service-kit';
import { createTaskingService } from '@concord/tasking';

export const serviceFactories: Readonly<Record<ServiceName, ServiceFactory>> = {
  planning: (context) => createPlanningService(context),
  tasking: createTaskingService,
  intel: createIntelService,
  debrief: createDebriefService,
  identity: (context) => createIdentityService(context),
};

export interface AgencyServices {
  readonly agency: string;
  readonly running: readonly RunningService[];
  stop(): Promise<void>;
}

export async function startAgencyServices(
  configs: Readonly<Partial<Record<ServiceName, ServiceConfig>>>,
  logDestination?: DestinationStream,
  factories: Partial<Record<ServiceName, ServiceFactory>> = serviceFactories,
): Promise<AgencyServices> {
  const entries = Object.entries(configs).filter((entry): entry is [string, ServiceConfig] => entry[1] !== undefined);
  const started = await Promise.allSettled(
    entries.map(([capability, config]) => {
      const factory = factories[capability as ServiceName];
      if (!factory) return Promise.reject(new Error(`no factory for service ${capability}`));
      return startService(capability as ServiceName, config, factory, logDestination);
    }),
  );
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    await Promise.all(running.map((service) => service.stop()));
    throw failure.reason;
  }
  const agency = entries[0]?.[1].agency ?? '';
  return { agency, running, stop: async () => void (await Promise.all(running.map((service) => service.stop()))) };
}
