/**
 * TLS for gRPC, in one place. Servers speak TLS 1.3 only, with the agency's server certificate; every
 * client trusts exactly the agency's certificate authority. Client credentials are ChannelCredentials,
 * so call credentials (a bearer token) compose onto them: `grpcCredentials(ca).compose(callCredentials)`.
 */
import { createSecureContext } from 'node:tls';
import { credentials, ServerCredentials, type ChannelCredentials } from '@grpc/grpc-js';

export interface ServerTls {
  /** PEM: the server certificate (and any intermediates). */
  readonly cert: string | Buffer;
  /** PEM: its private key. */
  readonly key: string | Buffer;
}

const minVersion = 'TLSv1.3';

/**
 * grpc-js's own `createSsl` offers no minimum version; its ServerCredentials hands both option sets to
 * Node's `http2.createSecureServer`, which honours `minVersion`, so a TLS 1.2 handshake is refused.
 */
class Tls13ServerCredentials extends ServerCredentials {
  constructor(tls: ServerTls) {
    super({ minVersion }, { cert: tls.cert, key: tls.key, minVersion });
  }

  override _equals(other: ServerCredentials): boolean {
    return other === this;
  }
}

export function serverCredentials(tls: ServerTls): ServerCredentials {
  return new Tls13ServerCredentials(tls);
}

/**
 * grpc-js passes the target's host as the TLS server name even when it is an IP address, and Node then
 * prints a deprecation warning (DEP0123) on the first connection of every process, into the stderr of
 * every CLI command. The certificate is still checked against that address; only this one warning goes.
 */
let ipServerNameWarningMuted = false;
function muteIpServerNameWarning(): void {
  if (ipServerNameWarningMuted) return;
  ipServerNameWarningMuted = true;
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((...args: unknown[]) => {
    if (args.includes('DEP0123')) return;
    emitWarning(...args);
  });
}

/** Channel credentials for a client of an agency's services: TLS 1.3, trusting only the given CA. */
export function grpcCredentials(caPem: string | Buffer): ChannelCredentials {
  muteIpServerNameWarning();
  return credentials.createFromSecureContext(createSecureContext({ ca: caPem, minVersion }));
}
