/**
 * Connect routes for every method of the agency's services, built from the Protobuf-ES descriptors:
 * each call, unary or server-streaming, is forwarded as is to the agency's own gRPC service with the
 * session's bearer token. No method is written by hand, and the gRPC guard alone decides what is
 * allowed; a refusal comes back with its code, message and field metadata (`concord-field`).
 */
import { fromBinary, toBinary, type DescMessage, type DescMethod, type DescMethodServerStreaming, type DescMethodUnary, type DescService, type MessageShape } from '@bufbuild/protobuf';
import { Code, ConnectError, type ConnectRouter, type HandlerContext } from '@connectrpc/connect';
import { Client, Metadata, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import { serviceDescriptors } from '@concord/web-contracts';
import type { ServiceName } from '@concord/service-kit';

/** The bearer token of the caller's session, or a ConnectError `unauthenticated`. */
export type TokenOf = (context: HandlerContext) => Promise<string>;

export interface GatewayOptions {
  readonly addresses: Readonly<Record<ServiceName, string>>;
  readonly credentials: ChannelCredentials;
  readonly tokenOf: TokenOf;
}

export interface Gateway {
  readonly routes: (router: ConnectRouter) => void;
  /** Calls one unary method as the caller (for the console's own needs, such as WhoAmI). */
  unary<I extends DescMessage, O extends DescMessage>(service: ServiceName, method: DescMethod & { input: I; output: O }, request: MessageShape<I>, token: string): Promise<MessageShape<O>>;
  close(): void;
}

const forwardedMetadata = /^(concord-|retry-after$)/;

/** gRPC and Connect number their codes alike; the error keeps the server's words and field names. */
export function connectErrorOf(error: unknown): ConnectError {
  const failure = error as Partial<ServiceError>;
  if (typeof failure.code !== 'number') return ConnectError.from(error);
  const headers = new Headers();
  const metadata = failure.metadata;
  for (const key of Object.keys(metadata?.getMap() ?? {})) {
    if (forwardedMetadata.test(key) && !key.endsWith('-bin')) for (const value of metadata!.get(key)) headers.append(key, String(value));
  }
  return new ConnectError(failure.details ?? failure.message ?? 'failed', failure.code as number, headers);
}

export function createGateway(options: GatewayOptions): Gateway {
  const clients = new Map<ServiceName, Client>();
  const clientOf = (name: ServiceName) => {
    let client = clients.get(name);
    if (!client) {
      client = new Client(options.addresses[name], options.credentials);
      clients.set(name, client);
    }
    return client;
  };
  const metadataOf = (token: string) => {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    return metadata;
  };
  const pathOf = (method: DescMethod) => `/${method.parent.typeName}/${method.name}`;
  const codecOf = (method: DescMethod) => ({
    serialize: (message: MessageShape<DescMessage>) => Buffer.from(toBinary(method.input, message)),
    deserialize: (bytes: Buffer) => fromBinary(method.output, bytes),
  });
  const deadlineOf = (context?: HandlerContext) => {
    const ms = context?.timeoutMs();
    return ms === undefined ? {} : { deadline: new Date(Date.now() + ms) };
  };

  const callUnary = (name: ServiceName, method: DescMethod, request: MessageShape<DescMessage>, token: string, context?: HandlerContext) =>
    new Promise<MessageShape<DescMessage>>((resolve, reject) => {
      const { serialize, deserialize } = codecOf(method);
      const call = clientOf(name).makeUnaryRequest(pathOf(method), serialize, deserialize, request, metadataOf(token), deadlineOf(context), (error, answer) => (error || !answer ? reject(connectErrorOf(error)) : resolve(answer)));
      context?.signal.addEventListener('abort', () => call.cancel(), { once: true });
    });

  async function* callStream(name: ServiceName, method: DescMethod, request: MessageShape<DescMessage>, context: HandlerContext) {
    const { serialize, deserialize } = codecOf(method);
    const call = clientOf(name).makeServerStreamRequest(pathOf(method), serialize, deserialize, request, metadataOf(await options.tokenOf(context)), deadlineOf(context));
    const cancel = () => call.cancel();
    context.signal.addEventListener('abort', cancel, { once: true });
    try {
      for await (const answer of call as AsyncIterable<MessageShape<DescMessage>>) yield answer;
    } catch (error) {
      throw connectErrorOf(error);
    } finally {
      context.signal.removeEventListener('abort', cancel);
      call.cancel();
    }
  }

  const serviceEntries = Object.entries(serviceDescriptors) as Array<[ServiceName, DescService]>;
  return {
    routes(router) {
      for (const [name, service] of serviceEntries) {
        for (const method of service.methods) {
          switch (method.methodKind) {
            case 'unary':
              router.rpc(method as DescMethodUnary, async (request: MessageShape<DescMessage>, context: HandlerContext) => callUnary(name, method, request, await options.tokenOf(context), context));
              break;
            case 'server_streaming':
              router.rpc(method as DescMethodServerStreaming, (request: MessageShape<DescMessage>, context: HandlerContext) => callStream(name, method, request, context));
              break;
            default:
              // The contracts have no client or bidirectional streams; a browser could not open one anyway.
              throw new ConnectError(`${pathOf(method)} is a ${method.methodKind} method, which the console cannot forward`, Code.Unimplemented);
          }
        }
      }
    },
    unary: (name, method, request, token) => callUnary(name, method, request, token) as never,
    close() {
      for (const client of clients.values()) client.close();
    },
  };
}
