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

export interface Rpc {
  readonly path: string;
  readonly serverStream: boolean;
}

/** Every Concord RPC the server at `address` offers, through reflection. */
export async function reflectedRpcs(address: string, channel: ChannelCredentials): Promise<Rpc[]> {
  const listed = await reflect(address, channel, { listServices: '' });
  const services = (listed.listServicesResponse?.service ?? []).map((s) => s.name).filter((name) => name.startsWith('concord.'));
  const rpcs: Rpc[] = [];
  for (const service of services) {
    const files = (await reflect(address, channel, { fileContainingSymbol: service })).fileDescriptorResponse?.fileDescriptorProto ?? [];
    const definition = loadFileDescriptorSetFromBuffer(descriptorSet(files))[service] as Record<string, { path: string; responseStream: boolean }>;
    for (const method of Object.values(definition)) rpcs.push({ path: method.path, serverStream: method.responseStream });
  }
  return rpcs;
}

