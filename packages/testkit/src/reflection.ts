/**
 * Server reflection as grpcurl uses it: the services a running gRPC server offers, and every RPC of
 * them, with no proto files at hand.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadPackageDefinition, type ChannelCredentials, type Client, type ClientDuplexStream } from '@grpc/grpc-js';
import { loadFileDescriptorSetFromBuffer, loadSync } from '@grpc/proto-loader';

const reflectionProto = join(dirname(createRequire(import.meta.url).resolve('@grpc/reflection')), '..', 'proto', 'grpc', 'reflection', 'v1', 'reflection.proto');

export interface ReflectionResponse {
  listServicesResponse?: { service: Array<{ name: string }> };
  fileDescriptorResponse?: { fileDescriptorProto: Buffer[] };
}

/** One request on the reflection stream, as grpcurl sends it. */
export async function reflect(address: string, channel: ChannelCredentials, request: Record<string, string>): Promise<ReflectionResponse> {
  const definition = loadPackageDefinition(loadSync(reflectionProto, { keepCase: false })) as unknown as {
    grpc: { reflection: { v1: { ServerReflection: new (address: string, creds: ChannelCredentials) => Client } } };
  };
  const client = new definition.grpc.reflection.v1.ServerReflection(address, channel);
  const stream = (client as unknown as { serverReflectionInfo(): ClientDuplexStream<unknown, ReflectionResponse> }).serverReflectionInfo();
  return new Promise<ReflectionResponse>((resolve, reject) => {
    stream.once('data', (response: ReflectionResponse) => {
      stream.end();
      resolve(response);
    });
    stream.once('error', reject);
    stream.write(request);
  }).finally(() => client.close());
}

/** A FileDescriptorSet (field 1, repeated) around the descriptors reflection returned. */
function descriptorSet(files: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    const length: number[] = [];
    let n = file.length;
    while (n > 0x7f) {
      length.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    length.push(n);
    parts.push(Buffer.from([0x0a, ...length]), file);
  }
  return Buffer.concat(parts);
}

/** How a field is written on the wire, as a request generator needs to know it. */
export type FieldKind = 'string' | 'bytes' | 'varint' | 'fixed32' | 'fixed64' | 'message';

export interface FieldShape {
  readonly name: string;
  readonly number: number;
  readonly kind: FieldKind;
  readonly repeated: boolean;
  /** For a message field: its message, when reflection described it. */
  readonly message?: () => MessageShape | undefined;
}

export interface MessageShape {
  readonly name: string;
  readonly fields: readonly FieldShape[];
}

export interface Rpc {
  readonly path: string;
  readonly serverStream: boolean;
}

export interface ReflectedRpc extends Rpc {
  /** The request message's fields, as reflection describes them. */
  readonly request: MessageShape;
}

const kindOf: Record<string, FieldKind> = {
  TYPE_STRING: 'string',
  TYPE_BYTES: 'bytes',
  TYPE_MESSAGE: 'message',
  TYPE_FIXED32: 'fixed32',
  TYPE_SFIXED32: 'fixed32',
  TYPE_FLOAT: 'fixed32',
  TYPE_FIXED64: 'fixed64',
  TYPE_SFIXED64: 'fixed64',
  TYPE_DOUBLE: 'fixed64',
};

interface Descriptor {
  type?: { name: string; field: Array<{ name: string; number: number; label: string; type: string; typeName: string }> };
}

/** Message shapes from a loaded package definition; type names there are relative, so they are looked up by suffix. */
function shapesOf(definition: Record<string, unknown>): (typeName: string) => MessageShape | undefined {
  const shapes = new Map<string, MessageShape>();
  const find = (typeName: string): MessageShape | undefined => {
    const key = Object.keys(definition).find((name) => name === typeName || name.endsWith(`.${typeName}`));
    const type = key ? (definition[key] as Descriptor).type : undefined;
    if (!key || !type?.field) return undefined;
    let shape = shapes.get(key);
    if (!shape) {
      shape = {
        name: key,
        fields: type.field.map((f) => ({
          name: f.name,
          number: f.number,
          kind: kindOf[f.type] ?? 'varint',
          repeated: f.label === 'LABEL_REPEATED',
          ...(f.type === 'TYPE_MESSAGE' ? { message: () => find(f.typeName) } : {}),
        })),
      };
      shapes.set(key, shape);
    }
    return shape;
  };
  return find;
}

/** Every Concord RPC the server at `address` offers, with its request's shape, through reflection. */
export async function reflectedRpcs(address: string, channel: ChannelCredentials): Promise<ReflectedRpc[]> {
  const listed = await reflect(address, channel, { listServices: '' });
  const services = (listed.listServicesResponse?.service ?? []).map((s) => s.name).filter((name) => name.startsWith('concord.'));
  const rpcs: ReflectedRpc[] = [];
  for (const service of services) {
    const files = (await reflect(address, channel, { fileContainingSymbol: service })).fileDescriptorResponse?.fileDescriptorProto ?? [];
    const loaded = loadFileDescriptorSetFromBuffer(descriptorSet(files));
    const shapeOf = shapesOf(loaded);
    const definition = loaded[service] as Record<string, { path: string; responseStream: boolean; requestType: Descriptor }>;
    for (const method of Object.values(definition)) {
      const requestName = method.requestType.type?.name ?? '';
      rpcs.push({ path: method.path, serverStream: method.responseStream, request: shapeOf(requestName) ?? { name: requestName, fields: [] } });
    }
  }
  return rpcs;
}
