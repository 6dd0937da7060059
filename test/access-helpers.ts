/**
 * What the access tests need: every RPC a running server offers, found through server reflection (as
 * grpcurl finds them), and a raw call of any of them with an empty request and any token.
 */
import { Client, Metadata, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import { callUnary, type ServiceName } from '@concord/service-kit';
import { AccessServiceClient } from '@concord/contracts/access';
import type { Rpc, TestFederation } from '@concord/testkit';

export { reflectedRpcs, type Rpc } from '@concord/testkit';

/** Where to call: an address and the TLS credentials that trust its agency's CA. */
export interface Target {
  readonly address: string;
  readonly credentials: ChannelCredentials;
}

export const targetOf = (federation: TestFederation, agency: string, service: ServiceName): Target => ({ address: federation.prepared.endpoints.agencies[agency]!.grpc[service], credentials: federation.credentials(agency) });

/** Calls an RPC with an empty request and the token given (none when undefined); resolves to its status. */
export function rawCall(target: Target, rpc: Rpc, token?: string): Promise<{ code: number; details: string }> {
  const client = new Client(target.address, target.credentials);
  const metadata = new Metadata();
  if (token !== undefined) metadata.set('authorization', `Bearer ${token}`);
  const identity = (value: Buffer) => value;
  return new Promise((resolve) => {
    const done = (error: ServiceError | null) => {
      client.close();
      resolve({ code: error?.code ?? 0, details: error?.details ?? '' });
    };
    if (!rpc.serverStream) {
      client.makeUnaryRequest(rpc.path, identity, identity, Buffer.alloc(0), metadata, { deadline: Date.now() + 10_000 }, (error) => done(error));
      return;
    }
    const stream = client.makeServerStreamRequest(rpc.path, identity, identity, Buffer.alloc(0), metadata, { deadline: Date.now() + 10_000 });
    stream.on('data', () => {
      stream.cancel();
      done(null);
    });
    stream.on('error', (error: ServiceError) => done(error));
  });
}

/** Adds a person at an agency (as its first admin) and signs them in; returns their tokens. */
export async function person(federation: TestFederation, agency: string, username: string, roles: string[]): Promise<() => Promise<string>> {
  const password = `pw-${username}-0123456789`;
  const admin = federation.accessClient(agency);
  try {
    await callUnary(admin, 'addUser', { username, displayName: `${username} of ${agency}`, roles, password, withTotp: false });
  } finally {
    admin.close();
  }
  return federation.signIn(agency, username, password);
}

export const accessClientAs = (federation: TestFederation, agency: string, tokens: () => Promise<string>) => federation.client(agency, 'identity', AccessServiceClient, tokens);
