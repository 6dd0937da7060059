/**
 * Starts one service of one agency: loads and checks its trust (manifest and own keys) and its TLS
 * material, connects to the agency's nats-server over TLS, lets the service build itself, and serves
 * it over gRPC (TLS 1.3). The returned
 * handle stops it gracefully: gRPC first (no new work), then the service, then NATS (drained).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import { status } from '@grpc/grpc-js';
import type { NatsConnection } from 'nats';
import { auditUserOf, createTokenVerifier, currentCaller, RequestLedger, watchDisabledPeople, type AccessControl } from '@concord/access';
import { AuditLog, auditFileOf } from '@concord/audit';
import { Code, ConcordError } from '@concord/errors';
import { loadAgencyIdentity, type AgencyIdentity } from '@concord/identity';
import { loadManifest, requireAgency, requireTrusted, type TrustedAgency, type TrustedManifest } from '@concord/manifest';
import { AgencyMetrics, type LinkSource } from '@concord/metrics';
import { auditedCall } from './audited-call.js';
import { startGrpcServer, type GrpcServiceBinding } from './grpc-server.js';
import { createLogger, type Logger } from './logger.js';
import { connectNats } from './nats-connection.js';
import { peerHost, RefusalLog } from './refusal-log.js';
import { followNatsHealth } from './nats-health.js';
import { audienceOf, type ServiceConfig } from './service-config.js';
import { loadServiceTls } from './service-tls.js';
import type { ServiceName } from './service-names.js';

export interface ServiceContext {
  readonly config: ServiceConfig;
  readonly log: Logger;
  readonly nc: NatsConnection;
  readonly identity: AgencyIdentity;
  readonly trust: TrustedManifest;
  readonly agency: TrustedAgency;
  /** The service's hash-chained audit log; entries made while serving a call name its caller. */
  readonly audit: AuditLog;
  /** Client request ids of the service's acts: a service's federation link takes it as `requests`. */
  readonly requests: RequestLedger;
}

export interface ServiceInstance {
  readonly grpc: GrpcServiceBinding;
  /** The service's federation link, whose counters the agency's metrics read. */
  readonly link?: LinkSource;
  /** Ends open server streams, so that gRPC can stop without waiting them out. */
  drain?(): void;
  stop(): Promise<void>;
}

export type ServiceFactory<S extends ServiceInstance = ServiceInstance> = (context: ServiceContext) => Promise<S>;

export interface RunningService<S extends ServiceInstance = ServiceInstance> {
  readonly capability: ServiceName;
  readonly address: string;
  readonly service: S;
  stop(): Promise<void>;
}

export const keysDirOf = (dataDir: string) => join(dataDir, 'keys');

/** Loads the manifest and the agency's identity, and refuses keys the manifest does not list. */
export async function loadTrust(config: Pick<ServiceConfig, 'manifest' | 'agency' | 'dataDir'>): Promise<{ trust: TrustedManifest; agency: TrustedAgency; identity: AgencyIdentity }> {
  const trust = requireTrusted(await loadManifest(config.manifest));
  const agency = requireAgency(trust, config.agency);
  const identity = await loadAgencyIdentity(keysDirOf(config.dataDir)).catch((error: unknown) => {
    const failure = ConcordError.from(error);
    if (failure.code !== Code.NotFound) throw failure;
    throw new ConcordError(Code.FailedPrecondition, `${config.agency} has no keys in ${keysDirOf(config.dataDir)}; run: concord keys init --agency ${config.agency}`);
  });
  if (identity.publicKeys.signing !== agency.keys.signing || identity.publicKeys.encryption !== agency.keys.encryption) {
    throw new ConcordError(Code.FailedPrecondition, `the keys in ${keysDirOf(config.dataDir)} are not the keys the manifest lists for ${config.agency}`);
  }
  return { trust, agency, identity };
}

/** Who may call: tokens from the agency's issuer, people not disabled, roles from the one table. */
async function accessControl(config: ServiceConfig, nc: NatsConnection, audit: AuditLog, requests: RequestLedger, log: Logger, metrics: AgencyMetrics): Promise<AccessControl & { stop(): void }> {
  const ca = config.issuerCa ? await readFile(config.issuerCa, 'utf8') : undefined;
  const verifier = createTokenVerifier({ agency: config.agency, issuer: config.issuer, audience: audienceOf(config), rolesClaim: config.rolesClaim, ...(ca ? { ca } : {}) });
  const disabled = await watchDisabledPeople(nc, config.jetstreamReplicas);
  const refusals = new RefusalLog(log, 'call refused');
  return {
    verifier,
    disabled,
    requests,
    record: async (call) => void (await audit.append(auditedCall(call))),
    refused: (method, error, peer) => refusals.record({ peer: peerHost(peer), method, code: error.code, error: error.message }),
    answered: (method, code, seconds) => metrics.grpcCall(method, status[code] ?? String(code), seconds),
    stop: () => disabled.stop(),
  };
}

/** Runs one step of a start; its failure keeps its code and says which step it was. */
async function namedStep<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const failure = ConcordError.from(error);
    throw new ConcordError(failure.code, `${what}: ${failure.message}`, { cause: error, violations: failure.violations });
  }
}

export async function startService<S extends ServiceInstance>(
  capability: ServiceName,
  config: ServiceConfig,
  factory: ServiceFactory<S>,
  logDestination?: DestinationStream,
  /** The agency process's registry; a service on its own keeps one of its own. */
  metrics = new AgencyMetrics(config.agency),
): Promise<RunningService<S>> {
  const log = createLogger({ agency: config.agency, service: capability }, config.logLevel, logDestination);
  // A failed start names the service and the step: "TIMEOUT" alone says nothing about what timed out.
  const step = <T>(what: string, run: () => Promise<T>) => namedStep(`${capability} service, ${what}`, run);
  const { trust, agency, identity } = await step('loading its trust', () => loadTrust(config));
  const tls = await step('loading its TLS material', () => loadServiceTls(config));
  const nc = await step('connecting to NATS', () =>
    connectNats({ url: config.natsUrl, ca: tls.ca, user: config.natsUser ?? capability, ...(config.natsPasswordFile ? { passwordFile: config.natsPasswordFile } : {}), name: `${config.agency}-${capability}` }, log),
  );
  let service: S;
  let audit: AuditLog | undefined;
  let access: Awaited<ReturnType<typeof accessControl>> | undefined;
  try {
    const opened = await step('opening its audit log', () => AuditLog.open(auditFileOf(config.dataDir, capability), { agency: config.agency, service: capability }, () => auditUserOf(currentCaller())));
    audit = opened;
    opened.onSync = (seconds) => metrics.auditSynced(capability, seconds);
    const requests = await step('opening its request ledger', () => RequestLedger.open(nc, `${capability.toUpperCase()}_REQUESTS`, config.jetstreamReplicas));
    access = await step('starting its access control', () => accessControl(config, nc, opened, requests, log, metrics));
    service = await step('starting (streams, consumers, replay)', () => factory({ config, log, nc, identity, trust, agency, audit: opened, requests }));
  } catch (error) {
    access?.stop();
    await audit?.close();
    await nc.close();
    throw error;
  }
  const grpc = await step('serving gRPC', () => startGrpcServer(config.grpcListen, [service.grpc], tls.server, access)).catch(async (error: unknown) => {
    await service.stop();
    access.stop();
    await audit.close();
    await nc.close();
    throw error;
  });
  log.info({ grpc: grpc.address }, 'service started');
  let serving = true;
  const natsHealth = followNatsHealth(
    nc,
    (now) => {
      serving = now;
      grpc.setServing(now);
    },
    log,
  );
  const unlink = service.link ? metrics.addLink(capability, service.link) : () => undefined;
  const unserve = metrics.addService(capability, () => serving);
  let stopping: Promise<void> | undefined;
  return {
    capability,
    address: grpc.address,
    service,
    stop: () =>
      (stopping ??= (async () => {
        natsHealth.stop();
        unlink();
        unserve();
        service.drain?.();
        await grpc.stop();
        await service.stop();
        access.stop();
        await audit.close();
        await nc.drain().catch(() => nc.close());
        log.info('service stopped');
        log.flush();
      })()),
  };
}
