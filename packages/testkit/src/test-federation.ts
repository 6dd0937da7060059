/**
 * A whole federation for a test: the hub and N agencies from a manifest, each on its own real
 * nats-server on free loopback ports, in a temporary directory, with each agency's four services
 * running in this process over real gRPC sockets. Clients speak TLS trusting the agency's CA, as the
 * CLI does. Always cleans up (`await using`, or stop()).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { pino } from 'pino';
import { DebriefServiceClient } from '@concord/contracts/debrief';
import { IntelServiceClient } from '@concord/contracts/intel';
import { PlanningServiceClient } from '@concord/contracts/planning';
import { TaskingServiceClient } from '@concord/contracts/tasking';
import type { Client, ChannelCredentials, ClientOptions } from '@grpc/grpc-js';
import { bearerInterceptor, sessionTokens, signInWithPassword, type IssuerAccess, type Role } from '@concord/access';
import type { RunningConsole } from '@concord/console';
import { AccessServiceClient } from '@concord/contracts/access';
import { workerPortRange } from './worker-ports.js';
import { allStarted, freePorts, prepareFederation, serviceFactories, startAgencyServices, type AgencyServices, type NatsRunner, type NatsServerHandle, type PreparedFederation } from '@concord/launcher';
import { parseManifest, type Manifest } from '@concord/manifest';
import { createDebriefService, type DebriefService } from '@concord/debrief';
import { createIdentityService, type IdentityOptions } from '@concord/identity-provider';
import { createIntelService, type IntelOptions, type IntelService } from '@concord/intel';
import { createPlanningService, type PlanningService } from '@concord/planning';
import { createTaskingService, type TaskingOptions, type TaskingService } from '@concord/tasking';
import { callUnary, grpcCredentials, type ServiceContext, type ServiceName } from '@concord/service-kit';
import { selectNatsRunner } from './select-runner.js';

export interface TestFederationOptions {
  /** The manifest, or a subset of the example's agencies by id. */
  readonly manifest?: Manifest;
  readonly agencies?: readonly string[];
  /** Reuse a directory (to restart a federation); a fresh temporary one otherwise. */
  readonly dir?: string;
  /** Start services in this process: every agency's (default), none, or these agencies'. */
  readonly services?: boolean | readonly string[];
  readonly runner?: NatsRunner;
  /** Relay retry settings for faster fault tests. */
  readonly relayMaxBackoffMs?: number;
  /** How long a relay waits for a peer's answer before sending again (default 1 s). */
  readonly relayRequestTimeoutMs?: number;
  /** Intel service settings: an injected clock and a faster expiry check, for expiry tests; how receipts are batched. */
  readonly intel?: Pick<IntelOptions, 'now' | 'expiryCheckMs' | 'receipts'>;
  /** Identity service settings: short-lived access tokens, for tests of expiry. */
  readonly identity?: IdentityOptions;
  /** Tasking service settings: an injected clock and a faster deadline check. */
  readonly tasking?: Pick<TaskingOptions, 'now' | 'deadlineCheckMs'>;
  /** The built web app the consoles serve (default services/console/web/dist). */
  readonly webDir?: string;
}

/** Who can sign in, with what. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
  /** The TOTP provisioning URI (otpauth://...), for a person made with a second factor. */
  readonly totpUri?: string;
}

const exampleManifest = new URL('../../../deploy/federation.example.yaml', import.meta.url);

export async function loadExampleManifest(agencies?: readonly string[]): Promise<Manifest> {
  const manifest = parseManifest(await readFile(exampleManifest, 'utf8'), 'deploy/federation.example.yaml');
  return agencies ? { ...manifest, agencies: manifest.agencies.filter((a) => agencies.includes(a.id)) } : manifest;
}

export class TestFederation implements AsyncDisposable {
  readonly #servers = new Map<string, NatsServerHandle>();
  readonly #services = new Map<string, AgencyServices>();
  readonly #connections: NatsConnection[] = [];
  readonly #tokens = new Map<string, () => Promise<string>>();
  readonly #cas = new Map<string, string>();
  readonly #consoles = new Map<string, RunningConsole>();
  readonly #consoleSessions = new Map<string, RunningConsole['sessions']>();
  readonly #ownsDir: boolean;

  private constructor(
    readonly dir: string,
    readonly prepared: PreparedFederation,
    readonly runner: NatsRunner,
    ownsDir: boolean,
    private readonly relay: { readonly maxBackoffMs: number; readonly requestTimeoutMs: number },
    private readonly intelOptions: Pick<IntelOptions, 'now' | 'expiryCheckMs' | 'receipts'>,
    private readonly taskingOptions: Pick<TaskingOptions, 'now' | 'deadlineCheckMs'>,
    private readonly identityOptions: IdentityOptions,
  ) {
    this.#ownsDir = ownsDir;
    // Servers run in their own process groups: should a test hang or its worker be torn down, they
    // must not outlive this process.
    process.once('exit', this.#killServers);
  }

  readonly #killServers = () => {
    for (const server of this.#servers.values()) server.kill();
  };

  static async start(options: TestFederationOptions = {}): Promise<TestFederation> {
    const manifest = options.manifest ?? (await loadExampleManifest(options.agencies));
    const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'concord-test-')));
    const ids = manifest.agencies.map((a) => a.id);
    const prepared = await prepareFederation({ manifest, dataDir: dir, ports: await freePorts(ids, '127.0.0.1', workerPortRange()), hubObservers: true, logLevel: 'debug', ...(options.webDir ? { webDir: options.webDir } : {}) });
    const runner = options.runner ?? (await selectNatsRunner(dir));
    const federation = new TestFederation(dir, prepared, runner, options.dir === undefined, { maxBackoffMs: options.relayMaxBackoffMs ?? 500, requestTimeoutMs: options.relayRequestTimeoutMs ?? 1_000 }, options.intel ?? {}, options.tasking ?? {}, options.identity ?? {});
    try {
      await federation.startHub();
      // Every start ends before a failure is thrown, so the stop below finds every server that came up.
      await allStarted(ids.map((id) => federation.startAgencyServer(id)));
      const withServices = options.services === false ? [] : options.services === true || options.services === undefined ? ids : options.services;
      await allStarted(withServices.map((id) => federation.startServices(id)));
    } catch (error) {
      await federation.stop();
      throw error;
    }
    return federation;
  }

  get agencyIds(): string[] {
    return this.prepared.trust.agencies.map((a) => a.id);
  }

  async startHub(): Promise<void> {
    const { paths, endpoints } = this.prepared;
    this.#servers.set('hub', await this.runner.start({ name: 'hub nats-server', configPath: paths.hub.config, pidFile: paths.hub.pidFile, logPath: paths.hub.log, monitorUrl: endpoints.hub.monitor }));
  }

  async stopHub(): Promise<void> {
    await this.#servers.get('hub')?.stop();
    this.#servers.delete('hub');
  }

  async startAgencyServer(id: string): Promise<void> {
    const dirs = this.prepared.paths.agency(id);
    const monitorUrl = this.prepared.endpoints.agencies[id]!.monitor;
    this.#servers.set(id, await this.runner.start({ name: `${id} nats-server`, configPath: dirs.natsConfig, pidFile: dirs.natsPidFile, logPath: dirs.natsLog, monitorUrl }));
  }

  async stopAgencyServer(id: string): Promise<void> {
    await this.#servers.get(id)?.stop();
    this.#servers.delete(id);
  }

  /** Rewrites an agency's generated server configuration (to play a hostile or broken agency). */
  async rewriteAgencyConfig(id: string, change: (config: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
    const path = this.prepared.paths.agency(id).natsConfig;
    const text = await readFile(path, 'utf8');
    const json = JSON.parse(text.slice(text.indexOf('{'))) as Record<string, unknown>;
    await writeFile(path, `# rewritten by a test\n${JSON.stringify(change(json), null, 2)}\n`);
  }

  async startServices(id: string): Promise<AgencyServices> {
    const configs = this.prepared.services[id]!;
    const log = pino.destination({ dest: join(this.dir, 'agencies', id, 'logs', 'services.log'), mkdir: true, append: true, sync: false });
    const relay = this.relay;
    const factories = {
      ...serviceFactories,
      planning: (context: ServiceContext) => createPlanningService(context, { link: { relay } }),
      intel: (context: ServiceContext) => createIntelService(context, { ...this.intelOptions, link: { relay } }),
      tasking: (context: ServiceContext) => createTaskingService(context, { ...this.taskingOptions, link: { relay } }),
      debrief: (context: ServiceContext) => createDebriefService(context, { link: { relay } }),
      identity: (context: ServiceContext) => createIdentityService(context, this.identityOptions),
    };
    const services = await startAgencyServices(configs, log, factories);
    this.#services.set(id, services);
    return services;
  }

  /** Stops one service of an agency (its identity service, to play an unreachable issuer). */
  async stopService(id: string, name: ServiceName): Promise<void> {
    await this.#services.get(id)?.running.find((s) => s.capability === name)?.stop();
  }

  async stopServices(id: string): Promise<void> {
    await this.#services.get(id)?.stop();
    this.#services.delete(id);
  }

  /** Where and for whom an agency's provider issues tokens; waiting as long as the CLI's default --timeout, as a busy test machine needs. */
  issuerAccess(id: string): IssuerAccess {
    const endpoints = this.prepared.endpoints.agencies[id]!;
    return { issuer: endpoints.issuer, audience: endpoints.audience, ca: this.ca(id), timeoutMs: 30_000 };
  }

  /** Signs in at an agency's provider; the tokens refresh themselves. */
  async signIn(id: string, username: string, password: string, totp?: string): Promise<() => Promise<string>> {
    const access = this.issuerAccess(id);
    return sessionTokens(access, await signInWithPassword(access, { username, password, ...(totp ? { totp } : {}) }));
  }

  /** Starts an agency's console in this process (its services must be running); answers its URL. */
  async startConsole(id: string): Promise<string> {
    const running = this.#consoles.get(id);
    if (running) return running.url;
    const log = pino({ level: 'debug' }, pino.destination({ dest: join(this.dir, 'agencies', id, 'logs', 'console.log'), mkdir: true, append: true, sync: false }));
    // Loaded on first use: most tests start no console and need not load its HTTP and OIDC stack.
    const { startConsole } = await import('@concord/console');
    // A restarted console gets the sessions it had: its browsers stay signed in, as through a network outage.
    const sessions = this.#consoleSessions.get(id);
    const started = await startConsole(this.prepared.consoles[id]!, { log, ...(sessions ? { sessions } : {}) });
    this.#consoles.set(id, started);
    this.#consoleSessions.set(id, started.sessions);
    return started.url;
  }

  /** The running console of an agency, to reach its sessions. */
  console(id: string): RunningConsole {
    const running = this.#consoles.get(id);
    if (!running) throw new Error(`${id} console is not running`);
    return running;
  }

  async stopConsole(id: string): Promise<void> {
    await this.#consoles.get(id)?.stop();
    this.#consoles.delete(id);
  }

  /** The agency's first admin's username and password (admin, supervisor and debrief roles). */
  async adminCredentials(id: string): Promise<Credentials> {
    const admin = this.prepared.admins[id]!;
    return { username: admin.username, password: (await readFile(admin.passwordFile, 'utf8')).trim() };
  }

  /** Adds a person with these roles at an agency, as its first admin; answers how they sign in. */
  async addPerson(id: string, username: string, roles: readonly Role[], options: { withTotp?: boolean } = {}): Promise<Credentials> {
    const password = `pw-${username}-0123456789`;
    const admin = this.accessClient(id);
    try {
      const added = await callUnary(admin, 'addUser', { username, displayName: `${username} of ${id}`, roles: [...roles], password, withTotp: options.withTotp ?? false });
      return { username, password, ...(added.totpUri ? { totpUri: added.totpUri } : {}) };
    } finally {
      admin.close();
    }
  }

  /** The agency's first admin (admin, supervisor, debrief: every role's rights), signed in once. */
  adminTokens(id: string): () => Promise<string> {
    let tokens = this.#tokens.get(id);
    if (!tokens) {
      const admin = this.prepared.admins[id]!;
      const session = readFile(admin.passwordFile, 'utf8').then((password) => this.signIn(id, admin.username, password.trim()));
      tokens = async () => (await session)();
      this.#tokens.set(id, tokens);
    }
    return tokens;
  }

  /** A client of an agency's service that calls as `tokens` (the first admin by default). */
  client<C extends Client>(id: string, service: ServiceName, make: new (address: string, creds: ChannelCredentials, options?: ClientOptions) => C, tokens: (() => Promise<string>) | null = this.adminTokens(id)): C {
    return new make(this.prepared.endpoints.agencies[id]!.grpc[service], this.credentials(id), tokens ? { interceptors: [bearerInterceptor(tokens)] } : {});
  }

  #running(id: string, capability: ServiceName): unknown {
    const running = this.#services.get(id)?.running.find((s) => s.capability === capability);
    if (!running) throw new Error(`${id} ${capability} is not running`);
    return running.service;
  }

  /** The in-process planning service of an agency, to read its counters. */
  planning(id: string): PlanningService {
    return this.#running(id, 'planning') as PlanningService;
  }

  planningClient(id: string): PlanningServiceClient {
    return this.client(id, 'planning', PlanningServiceClient);
  }

  /** The in-process intel service of an agency, to read its book, link counters and audit log. */
  intel(id: string): IntelService {
    return this.#running(id, 'intel') as IntelService;
  }

  intelClient(id: string): IntelServiceClient {
    return this.client(id, 'intel', IntelServiceClient);
  }

  /** The in-process tasking service of an agency, to read its board, book and link counters. */
  tasking(id: string): TaskingService {
    return this.#running(id, 'tasking') as TaskingService;
  }

  taskingClient(id: string): TaskingServiceClient {
    return this.client(id, 'tasking', TaskingServiceClient);
  }

  accessClient(id: string, tokens?: () => Promise<string>): AccessServiceClient {
    return this.client(id, 'identity', AccessServiceClient, tokens);
  }

  /** The in-process debrief service of an agency, to read its book and link counters. */
  debrief(id: string): DebriefService {
    return this.#running(id, 'debrief') as DebriefService;
  }

  debriefClient(id: string): DebriefServiceClient {
    return this.client(id, 'debrief', DebriefServiceClient);
  }

  /** PEM of an agency's certificate authority: what its gRPC and NATS clients trust. */
  ca(id: string): string {
    let ca = this.#cas.get(id);
    if (ca === undefined) {
      ca = readFileSync(this.prepared.endpoints.agencies[id]!.ca, 'utf8');
      this.#cas.set(id, ca);
    }
    return ca;
  }

  /** GET from an agency's metrics endpoint (`/metrics`, `/links`) over TLS, with its scrape token unless `token` says otherwise. */
  async getMetrics(id: string, path = '/metrics', token?: string | null): Promise<{ status: number; body: string }> {
    const endpoints = this.prepared.endpoints.agencies[id]!;
    const bearer = token === undefined ? (await readFile(endpoints.metricsToken!, 'utf8')).trim() : token;
    return new Promise((resolve, reject) => {
      const req = httpsRequest(`${endpoints.metrics}${path}`, { ca: this.ca(id), headers: bearer ? { authorization: `Bearer ${bearer}` } : {} }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** TLS credentials for a gRPC client of an agency's services. */
  credentials(id: string): ChannelCredentials {
    return grpcCredentials(this.ca(id));
  }

  /** A NATS connection inside an agency's server, over TLS, with one of its services' credentials. */
  async connectAgency(id: string, capability: ServiceName = 'planning'): Promise<NatsConnection> {
    const config = this.prepared.services[id]![capability];
    const pass = (await readFile(config.natsPasswordFile!, 'utf8')).trim();
    const nc = await connect({ servers: config.natsUrl, tls: { ca: this.ca(id) }, user: config.natsUser!, pass, name: `test-${id}-${capability}`, noAsyncTraces: true });
    this.#connections.push(nc);
    return nc;
  }

  /** A NATS connection to the hub, inside one agency's hub account, as the test observer. */
  async connectHub(account: string): Promise<NatsConnection> {
    const nc = await connect({ servers: this.prepared.endpoints.hub.nats, user: `observer-${account}`, pass: this.prepared.observerPasswords.get(account)!, name: `observer-${account}`, noAsyncTraces: true });
    this.#connections.push(nc);
    return nc;
  }

  /** Stops everything and removes the directory it made (kept with CONCORD_TEST_KEEP=1). */
  async stop(): Promise<void> {
    await this.stopKeepingData();
    if (this.#ownsDir && !process.env.CONCORD_TEST_KEEP) await rm(this.dir, { recursive: true, force: true });
  }

  /** Stops services, then agency servers, then the hub, and keeps the directory for a restart. */
  async stopKeepingData(): Promise<string> {
    await Promise.allSettled(this.#connections.splice(0).map((nc) => nc.close()));
    await Promise.allSettled([...this.#consoles.keys()].map((id) => this.stopConsole(id)));
    await Promise.allSettled([...this.#services.keys()].map((id) => this.stopServices(id)));
    await Promise.allSettled([...this.#servers.keys()].filter((k) => k !== 'hub').map((id) => this.stopAgencyServer(id)));
    await this.stopHub();
    process.off('exit', this.#killServers);
    return this.dir;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
