/**
 * TLS for gRPC, in one place. Servers speak TLS 1.3 only, with the agency's server certificate; every
 * client trusts exactly the agency's certificate authority. Client credentials are ChannelCredentials,
 * so call credentials (a bearer token) compose onto them: `grpcCredentials(ca).compose(callCredentials)`.
 */
import { isIP } from 'node:net';
import { connect, createSecureContext, type SecureContext } from 'node:tls';
import { CallCredentials, ChannelCredentials, ServerCredentials } from '@grpc/grpc-js';

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

type SecureConnectorArguments = Parameters<ChannelCredentials['_createSecureConnector']>;
type SecureConnector = ReturnType<ChannelCredentials['_createSecureConnector']>;

/** The host of a channel target such as `127.0.0.1:7442`, `[::1]:7442` or `au.example.org:7442`. */
function targetHost(target: SecureConnectorArguments[0]): string {
  const path = target.path;
  const bracketed = /^\[([^\]]+)\]/.exec(path);
  if (bracketed) return bracketed[1]!;
  const colons = path.split(':').length - 1;
  return colons === 1 ? path.slice(0, path.lastIndexOf(':')) : path;
}

/**
 * TLS to an agency's services. grpc-js (1.14.7) always sends the target's host as the TLS server name
 * (SNI), even when it is an IP address; RFC 6066 forbids that, Node 20 warns (DEP0123) and the current
 * LTS refuses the connection outright. This connector sends a server name only for a DNS name; the
 * certificate is checked against the host either way (Node checks an IP address against the
 * certificate's IP SANs).
 */
class AgencyTlsCredentials extends ChannelCredentials {
  constructor(private readonly context: SecureContext) {
    super();
  }

  override _isSecure(): boolean {
    return true;
  }

  override _equals(other: ChannelCredentials): boolean {
    return other === this;
  }

  override _createSecureConnector(...[target, , callCredentials]: SecureConnectorArguments): SecureConnector {
    const host = targetHost(target);
    const secureContext = this.context;
    return {
      connect: (socket) =>
        new Promise((resolve, reject) => {
          const tlsSocket = connect({ socket, secureContext, host, servername: isIP(host) ? undefined : host, ALPNProtocols: ['h2'] }, () => {
            if (tlsSocket.authorized) resolve({ socket: tlsSocket, secure: true });
            else reject(tlsSocket.authorizationError);
          });
          tlsSocket.on('error', reject);
        }),
      waitForReady: () => Promise.resolve(),
      getCallCredentials: () => callCredentials ?? CallCredentials.createEmpty(),
      destroy: () => {},
    };
  }
}

/** Channel credentials for a client of an agency's services: TLS 1.3, trusting only the given CA. */
export function grpcCredentials(caPem: string | Buffer): ChannelCredentials {
  return new AgencyTlsCredentials(createSecureContext({ ca: caPem, minVersion }));
}
