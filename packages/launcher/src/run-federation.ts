/**
 * `npm start` / `concord up`: a whole local federation from a manifest. The hub and every agency get
 * their own supervised nats-server; each agency's four services run in a supervised child process.
 * Everything lives under the data directory and survives restarts. Ctrl-C stops services first,
 * then agency servers, then the hub, so nothing is cut off mid-write.
 */
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { pino, type Logger } from 'pino';
import { serviceNames } from '@concord/service-kit';
import { loadManifest } from '@concord/manifest';
import type { ServiceConfig } from '@concord/service-kit';
import { agencyHealth, type AgencyHealth } from './agency-health.js';
import { startAgencyProcess, type AgencyProcess } from './agency-process.js';
import { federationPaths } from './federation-paths.js';
import { acquireLauncherLock } from './launcher-lock.js';
import { acceptsSyncInterval, localNatsRunner, natsServerVersion, type NatsRunner, type NatsServerHandle } from './nats-server-process.js';
import { assertPortsFree, defaultBasePort, portsFromBase } from './port-plan.js';
import { prepareFederation, type PreparedFederation } from './prepare-federation.js';
import { Supervised, type HealthWatch } from './supervisor.js';
import { allStarted } from './all-started.js';
import { startQueue } from './start-queue.js';
import { withStartAttempts } from './start-attempts.js';
import { ensureConsoleBuilt } from './console-build.js';

export interface UpOptions {
  readonly manifestPath: string;
  readonly dataDir: string;
  readonly basePort?: number;
  readonly host?: string;
  readonly logLevel?: ServiceConfig['logLevel'];
}

export interface RunningFederation {
  readonly prepared: PreparedFederation;
  stop(): Promise<void>;
}

function launcherLogger(path: string): Logger {
  return pino(
    { base: { service: 'launcher' }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.multistream([
      { level: 'info', stream: pino.destination({ dest: path, mkdir: true, append: true }) },
      { level: 'warn', stream: process.stderr },
    ]),
  );
}

export async function startFederation(options: UpOptions, runner: NatsRunner = localNatsRunner()): Promise<RunningFederation> {
  const manifest = await loadManifest(options.manifestPath);
  const paths = federationPaths(options.dataDir);
  await mkdir(paths.dataDir, { recursive: true, mode: 0o700 });
  const releaseLock = await acquireLauncherLock(paths.launcherLock, paths.dataDir);
  const log = launcherLogger(`${paths.dataDir}/launcher.log`);
  // Stopped in this order: services first, then the agency servers they write to, then the hub.
  const tiers = { services: [] as Supervised<AgencyProcess>[], agencyServers: [] as Supervised<NatsServerHandle>[], hub: [] as Supervised<NatsServerHandle>[] };
  const healthChecks: AgencyHealth[] = [];
  const stopAll = async () => {
    for (const tier of [tiers.services, tiers.agencyServers, tiers.hub]) await Promise.all(tier.map((s) => s.stop()));
    for (const health of healthChecks) health.close();
    log.info('federation stopped');
    log.flush();
    await releaseLock();
  };
  try {
    const version = await natsServerVersion();
    const host = options.host ?? '127.0.0.1';
    const ports = portsFromBase(options.basePort ?? defaultBasePort, manifest.agencies.map((a) => a.id));
    await assertPortsFree(ports, host);
    const prepared = await prepareFederation({ manifest, dataDir: paths.dataDir, ports, host, syncAlways: acceptsSyncInterval(version), ...(options.logLevel ? { logLevel: options.logLevel } : {}) });
    log.info({ natsServer: version, dataDir: paths.dataDir }, 'starting federation');
    const firstConsole = Object.values(prepared.consoles)[0];
    if (firstConsole) await ensureConsoleBuilt(firstConsole.webDir, `${paths.dataDir}/console-build.log`, log);

    const supervise = async <C extends NatsServerHandle | AgencyProcess>(tier: Supervised<C>[], name: string, start: () => Promise<C>, health?: HealthWatch<C>) => {
      const supervised = new Supervised<C>(name, start, log, health);
      tier.push(supervised);
      await supervised.run();
    };
    await supervise(tiers.hub, 'hub nats-server', () =>
      runner.start({ name: 'hub nats-server', configPath: paths.hub.config, pidFile: paths.hub.pidFile, logPath: paths.hub.log, monitorUrl: prepared.endpoints.hub.monitor }),
    );
    await allStarted(
      manifest.agencies.map((agency) => {
        const dirs = paths.agency(agency.id);
        const name = `${agency.id} nats-server`;
        return supervise(tiers.agencyServers, name, () => runner.start({ name, configPath: dirs.natsConfig, pidFile: dirs.natsPidFile, logPath: dirs.natsLog, monitorUrl: prepared.endpoints.agencies[agency.id]!.monitor }));
      }),
    );
    // Agency processes start a few at a time (restarts too): all at once, fifty of them missed their deadline.
    const inTurn = startQueue(4 * availableParallelism());
    await allStarted(
      manifest.agencies.map((agency) => {
        const dirs = paths.agency(agency.id);
        const health = agencyHealth(prepared.endpoints.agencies[agency.id]!);
        healthChecks.push(health);
        const startOnce = () => inTurn(() => startAgencyProcess(agency.id, dirs.hostConfig, dirs.servicesLog, undefined, dirs.consoleConfig));
        const retried = (error: unknown, attempt: number) => log.warn({ agency: agency.id, attempt, err: error }, `${agency.id} services did not start; trying again`);
        return supervise(tiers.services, `${agency.id} services`, () => withStartAttempts(startOnce, 3, retried), { healthy: () => health.noneNotServing() });
      }),
    );
    log.info('federation up');
    return { prepared, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The lines `npm start` prints: every endpoint, and what to try next. */
/** The data directory `npm start` and the CLI use unless told otherwise. */
const defaultDataDir = '.concord';

export function describeFederation(prepared: PreparedFederation): string {
  const { endpoints, trust } = prepared;
  const lines = [`Concord federation "${endpoints.federation}" is up.`, `Data directory: ${endpoints.dataDir}`, '', `hub      NATS ${endpoints.hub.nats}   leaf ${endpoints.hub.leaf}   monitor ${endpoints.hub.monitor}`];
  for (const agency of trust.agencies) {
    const e = endpoints.agencies[agency.id]!;
    lines.push(`${agency.id.padEnd(8)} ${agency.role.padEnd(26)} NATS ${e.nats}   ${serviceNames.map((c) => `${c} ${e.grpc[c]}`).join('   ')}   sign-in ${e.issuer}   metrics ${e.metrics ?? '-'}   console ${e.console ?? '-'}`);
  }
  // Commands for another data directory than the default must say which.
  const concord = endpoints.dataDir === resolve(defaultDataDir) ? 'npx concord' : `npx concord --data-dir ${endpoints.dataDir}`;
  lines.push('', 'Sign in first, as each agency\'s first admin (admin, supervisor and debrief roles; add named people with concord user add):');
  for (const agency of trust.agencies) {
    const admin = prepared.admins[agency.id]!;
    lines.push(`      ${concord} login --agency ${agency.id} --user ${admin.username} --password-file ${admin.passwordFile}`);
  }
  const [firstAgency] = trust.agencies;
  const first = firstAgency && endpoints.agencies[firstAgency.id];
  if (first?.console) lines.push('', `Open a console in the browser (trusting ${first.ca}): ${first.console}, and sign in with the same username and password.`);
  lines.push(
    '',
    `Endpoints: ${prepared.paths.endpoints}`,
    `Then: ${concord} status`,
    `      ${concord} --agency AU op create --name "Coral Tide" --participants ID,TH,MY --start 2027-03-01 --end 2027-04-01`,
    `      ${concord} --agency ID timeline`,
    '',
    'Press Ctrl-C to stop.',
  );
  return lines.join('\n');
}
