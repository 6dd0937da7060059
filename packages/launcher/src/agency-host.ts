/** Hosts some or all of one agency's four services in one process; each keeps its own connection and port. */
import type { DestinationStream } from 'pino';
import { createDebriefService } from '@concord/debrief';
import type { Capability } from '@concord/federation';
import { createIntelService } from '@concord/intel';
import { createPlanningService } from '@concord/planning';
import { startService, type RunningService, type ServiceConfig, type ServiceFactory } from '@concord/service-kit';
import { createTaskingService } from '@concord/tasking';

export const serviceFactories: Readonly<Record<Capability, ServiceFactory>> = {
  planning: (context) => createPlanningService(context),
  tasking: createTaskingService,
  intel: createIntelService,
  debrief: createDebriefService,
};

export interface AgencyServices {
  readonly agency: string;
  readonly running: readonly RunningService[];
  stop(): Promise<void>;
}

export async function startAgencyServices(
  configs: Readonly<Partial<Record<Capability, ServiceConfig>>>,
  logDestination?: DestinationStream,
  factories: Partial<Record<Capability, ServiceFactory>> = serviceFactories,
): Promise<AgencyServices> {
  const entries = Object.entries(configs).filter((entry): entry is [string, ServiceConfig] => entry[1] !== undefined);
  const started = await Promise.allSettled(
    entries.map(([capability, config]) => {
      const factory = factories[capability as Capability];
      if (!factory) return Promise.reject(new Error(`no factory for service ${capability}`));
      return startService(capability as Capability, config, factory, logDestination);
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
