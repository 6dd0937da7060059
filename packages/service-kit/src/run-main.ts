/** The entry point every service shares: configuration, start, and a graceful stop on SIGINT/SIGTERM. */
import { ConcordError } from '@concord/errors';
import { AgencyMetrics } from '@concord/metrics';
import { startMetricsEndpoint } from './metrics-endpoint.js';
import { loadServiceConfig, serviceHelp } from './service-config.js';
import { startService, type ServiceFactory } from './service-host.js';
import type { ServiceName } from './service-names.js';

export async function runServiceMain(capability: ServiceName, factory: ServiceFactory): Promise<void> {
  const config = loadServiceConfig(process.argv.slice(2), process.env);
  if (config === 'help') {
    console.log(serviceHelp(capability));
    return;
  }
  const metrics = new AgencyMetrics(config.agency);
  const running = await startService(capability, config, factory, undefined, metrics);
  const endpoint = await startMetricsEndpoint(config, metrics).catch(async (error: unknown) => {
    await running.stop();
    throw error;
  });
  await new Promise<void>((resolve) => {
    const onSignal = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  setTimeout(() => {
    process.stderr.write('the service did not stop within 15 s; exiting anyway\n');
    process.exit(1);
  }, 15_000).unref();
  await running.stop();
  await endpoint?.stop();
}

/** `main().catch(exitWithError)`: one readable line on stderr, a non-zero exit. */
export function exitWithError(reason: unknown): never {
  const error = ConcordError.from(reason);
  console.error(`error: ${error.message}`);
  process.exit(1);
}
