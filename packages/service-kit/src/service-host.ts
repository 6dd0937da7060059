/**
 * Starts one service of one agency: loads and checks its trust (manifest and own keys) and its TLS
 * material, connects to the agency's nats-server over TLS, lets the service build itself, and serves
 * it over gRPC (TLS 1.3). The returned
 * handle stops it gracefully: gRPC first (no new work), then the service, then NATS (drained).
 */
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import type { NatsConnection } from 'nats';
import { Code, ConcordError } from '@concord/errors';
import { loadAgencyIdentity, type AgencyIdentity } from '@concord/identity';
import { loadManifest, requireAgency, requireTrusted, type TrustedAgency, type TrustedManifest } from '@concord/manifest';
import type { Capability } from '@concord/federation';
import { startGrpcServer, type GrpcServiceBinding } from './grpc-server.js';
import { createLogger, type Logger } from './logger.js';
import { connectNats } from './nats-connection.js';
import type { ServiceConfig } from './service-config.js';
import { loadServiceTls } from './service-tls.js';

export interface ServiceContext {
  readonly config: ServiceConfig;
  readonly log: Logger;
  readonly nc: NatsConnection;
  readonly identity: AgencyIdentity;
  readonly trust: TrustedManifest;
  readonly agency: TrustedAgency;
}

export interface ServiceInstance {
  readonly grpc: GrpcServiceBinding;
  /** Ends open server streams, so that gRPC can stop without waiting them out. */
  drain?(): void;
  stop(): Promise<void>;
}

export type ServiceFactory<S extends ServiceInstance = ServiceInstance> = (context: ServiceContext) => Promise<S>;

export interface RunningService<S extends ServiceInstance = ServiceInstance> {
  readonly capability: Capability;
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

export async function startService<S extends ServiceInstance>(
  capability: Capability,
  config: ServiceConfig,
  factory: ServiceFactory<S>,
  logDestination?: DestinationStream,
): Promise<RunningService<S>> {
  const log = createLogger({ agency: config.agency, service: capability }, config.logLevel, logDestination);
  const { trust, agency, identity } = await loadTrust(config);
  const tls = await loadServiceTls(config);
  const nc = await connectNats(
    { url: config.natsUrl, ca: tls.ca, user: config.natsUser ?? capability, ...(config.natsPasswordFile ? { passwordFile: config.natsPasswordFile } : {}), name: `${config.agency}-${capability}` },
    log,
  );
  let service: S;
  try {
    service = await factory({ config, log, nc, identity, trust, agency });
  } catch (error) {
    await nc.close();
    throw error;
  }
  const grpc = await startGrpcServer(config.grpcListen, [service.grpc], tls.server).catch(async (error: unknown) => {
    await service.stop();
    await nc.close();
    throw error;
  });
  log.info({ grpc: grpc.address }, 'service started');
  let stopping: Promise<void> | undefined;
  return {
    capability,
    address: grpc.address,
    service,
    stop: () =>
      (stopping ??= (async () => {
        service.drain?.();
        await grpc.stop();
        await service.stop();
        await nc.drain().catch(() => nc.close());
        log.info('service stopped');
        log.flush();
      })()),
  };
}
