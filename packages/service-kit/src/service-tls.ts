/**
 * The TLS material a service reads at start: the certificate and key its gRPC server presents, and its
 * agency's CA, which it trusts for the agency's nats-server. A file that cannot be read is named with
 * the flag that points at it.
 */
import { readFile } from 'node:fs/promises';
import { Code, ConcordError } from '@concord/errors';
import { readPrivateKey } from '@concord/pki';
import type { ServerTls } from './grpc-credentials.js';
import { settings, type ServiceConfig } from './service-config.js';

export interface ServiceTls {
  readonly server: ServerTls;
  /** PEM of the agency's certificate authority. */
  readonly ca: string;
}

async function readSetting(key: 'tlsCert' | 'tlsKey' | 'tlsCa', path: string): Promise<string> {
  const { flag, env } = settings[key];
  try {
    // A private key others can read is refused, as the agency's identity keys are.
    const text = key === 'tlsKey' ? await readPrivateKey(path) : await readFile(path, 'utf8');
    if (text === undefined) throw new ConcordError(Code.NotFound, `${path} does not exist`);
    return text;
  } catch (error) {
    const failure = ConcordError.from(error);
    throw new ConcordError(failure.code, `--${flag} (${env}): ${failure.message}`, { cause: error });
  }
}

export async function loadServiceTls(config: Pick<ServiceConfig, 'tlsCert' | 'tlsKey' | 'tlsCa'>): Promise<ServiceTls> {
  const [cert, key, ca] = await Promise.all([readSetting('tlsCert', config.tlsCert), readSetting('tlsKey', config.tlsKey), readSetting('tlsCa', config.tlsCa)]);
  return { server: { cert, key }, ca };
}
