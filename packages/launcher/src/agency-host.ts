/**
 * Hosts some or all of one agency's four services in one process; each keeps its own connection and
 * port. The process has one metrics registry, which every service feeds and one endpoint serves.
 */
import type { DestinationStream } from 'pino';
import { createDebriefService } from '@concord/debrief';
import { createIdentityService } from '@concord/identity-provider';
import { createIntelService } from '@concord/intel';
import { createPlanningService } from '@concord/planning';
import { AgencyMetrics } from '@concord/metrics';
import { startMetricsEndpoint, startService, type RunningService, type ServiceConfig, type ServiceFactory, type ServiceName } from '@concord/service-kit';
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
  readonly metrics: AgencyMetrics;
  /** The metrics endpoint, when the configuration asks for one. */
  readonly metricsUrl: string | undefined;
  stop(): Promise<void>;
}

export async function startAgencyServices(
  configs: Readonly<Partial<Record<ServiceName, ServiceConfig>>>,
  logDestination?: DestinationStream,
  factories: Partial<Record<ServiceName, ServiceFactory>> = serviceFactories,
): Promise<AgencyServices> {
  const entries = Object.entries(configs).filter((entry): entry is [string, ServiceConfig] => entry[1] !== undefined);
  const agency = entries[0]?.[1].agency ?? '';
  const metrics = new AgencyMetrics(agency);
  const started = await Promise.allSettled(
    entries.map(([capability, config]) => {
      const factory = factories[capability as ServiceName];
      if (!factory) return Promise.reject(new Error(`no factory for service ${capability}`));
      return startService(capability as ServiceName, config, factory, logDestination, metrics);
    }),
  );
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopServices = async () => void (await Promise.all(running.map((service) => service.stop())));
  const failure = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    await stopServices();
    throw failure.reason;
  }
  const endpoint = entries[0] ? await startMetricsEndpoint(entries[0][1], metrics).catch(async (error: unknown) => {
    await stopServices();
    throw error;
  }) : undefined;
  return {
    agency,
    running,
    metrics,
    metricsUrl: endpoint?.url,
    stop: async () => {
      await stopServices();
      await endpoint?.stop();
    },
  };
}
