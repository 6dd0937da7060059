/**
 * The identity service of one agency: its embedded OpenID Connect provider (people sign in here) and
 * AccessService (its admins manage people). Runs beside the agency's four services, under the same
 * host and guard; its people and keys stay in the agency's data directory.
 */
import { readFile } from 'node:fs/promises';
import { openDisabledBucket } from '@concord/access';
import { AccessServiceService } from '@concord/contracts/access';
import { protoFiles, protoRoot } from '@concord/contracts';
import { Code, ConcordError } from '@concord/errors';
import { audienceOf, type ServiceContext, type ServiceInstance } from '@concord/service-kit';
import { accessHandlers } from './access-service.js';
import { loadSigningKeys, rotateSigningKeys, signingKeysFileOf } from './signing-keys.js';
import { identityDirOf, usersFileOf, UserStore } from './user-store.js';

export interface IdentityService extends ServiceInstance {
  readonly users: UserStore;
}

export interface IdentityOptions {  /** Access-token lifetime, shorter for tests of expiry. */
  readonly accessTokenSeconds?: number;
}

export async function createIdentityService(service: ServiceContext, options: IdentityOptions = {}): Promise<IdentityService> {
  const { config, log, nc } = service;
  const listen = config.issuerListen;
  if (!listen) throw ConcordError.invalid([{ path: '--issuer-listen (CONCORD_ISSUER_LISTEN)', message: 'is required for the identity service: where its OpenID Connect provider listens' }]);
  const separator = listen.lastIndexOf(':');
  const users = await UserStore.open(usersFileOf(config.dataDir), config.agency);
  const keysFile = signingKeysFileOf(identityDirOf(config.dataDir));
  // The provider serves HTTPS with the same certificate as the agency's gRPC ports.
  const tls = { cert: await readFile(config.tlsCert, 'utf8'), key: await readFile(config.tlsKey, 'utf8') };
  // Loaded here, not at import: the CLI imports the launcher (and so this module) on every command,
  // and oidc-provider with Koa is heavy to load (and warns on Node 20).
  const { startIssuer } = await import('./oidc-issuer.js');
  const issuer = await startIssuer({
    agency: config.agency,
    issuer: config.issuer,
    audience: audienceOf(config),
    listen: { host: listen.slice(0, separator).replace(/^\[|\]$/g, ''), port: Number(listen.slice(separator + 1)) },
    users,
    keys: await loadSigningKeys(keysFile),
    tls,
    ...(config.consoleUrl ? { consoleUrl: config.consoleUrl } : {}),
    ...(options.accessTokenSeconds ? { accessTokenSeconds: options.accessTokenSeconds } : {}),
    log,
  });
  const disabled = await openDisabledBucket(nc, config.jetstreamReplicas);
  const implementation = accessHandlers({
    agency: config.agency,
    users,
    disabled,
    log,
    rotateKeys: async () => {
      const keys = await rotateSigningKeys(keysFile);
      issuer.useKeys(keys);
      const ids = keys.map((k) => k.kid).filter((k): k is string => typeof k === 'string');
      if (!ids[0]) throw new ConcordError(Code.Internal, 'the new signing key has no id');
      log.info({ kid: ids[0] }, 'signing key rotated');
      return { keyId: ids[0], publishedKeyIds: ids };
    },
  });
  return {
    grpc: { name: 'concord.v1.AccessService', definition: AccessServiceService, implementation, protoFile: protoFiles.access, protoRoot },
    users,
    stop: () => issuer.stop(),
  };
}
