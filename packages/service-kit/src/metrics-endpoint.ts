/** The agency process's metrics endpoint: where its configuration says, with its scrape token, over its services' TLS. */
import { readFile } from 'node:fs/promises';
import { ConcordError } from '@concord/errors';
import { serveMetrics, type AgencyMetrics, type RunningMetricsEndpoint } from '@concord/metrics';
import { settings, type ServiceConfig } from './service-config.js';
import { loadServiceTls } from './service-tls.js';

/** Undefined when the configuration asks for none. */
export async function startMetricsEndpoint(config: ServiceConfig, metrics: AgencyMetrics): Promise<RunningMetricsEndpoint | undefined> {
  if (!config.metricsListen) return undefined;
  const { flag, env } = settings.metricsTokenFile;
  if (!config.metricsTokenFile) throw ConcordError.invalid([{ path: `--${flag} (${env})`, message: 'is required with --metrics-listen: the endpoint answers only a scraper holding the token' }]);
  const token = (await readFile(config.metricsTokenFile, 'utf8').catch((error: unknown) => {
    throw new ConcordError(ConcordError.from(error).code, `--${flag} (${env}): ${ConcordError.from(error).message}`, { cause: error });
  })).trim();
  const tls = await loadServiceTls(config);
  return serveMetrics(metrics, { listen: config.metricsListen, tls: tls.server, token });
}
