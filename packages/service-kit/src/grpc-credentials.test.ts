import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@grpc/grpc-js';
import { ensureAgencyTls, type AgencyTls } from '@concord/pki';
import { grpcCredentials } from './grpc-credentials.js';

/** A TLS server that only records the server name (SNI) each client sent, then hangs up. */
async function sniRecorder(tls: AgencyTls): Promise<{ server: Server; port: number; names: Array<string | false> }> {
  const names: Array<string | false> = [];
  const server = createServer({ cert: tls.server.certPem, key: tls.server.keyPem, ALPNProtocols: ['h2'] }, (socket: TLSSocket) => {
    names.push(socket.servername ?? false);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, names };
}

/** Connects a gRPC channel and waits for it to try once; the recorder hangs up, which is fine here. */
function touch(target: string, tls: AgencyTls): Promise<void> {
  const client = new Client(target, grpcCredentials(tls.ca.certPem));
  return new Promise((resolve) => client.waitForReady(Date.now() + 1_500, () => (client.close(), resolve())));
}

describe('client TLS to an agency service', () => {
  let dir: string;
  let tls: AgencyTls;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'concord-grpc-credentials-'));
    tls = await ensureAgencyTls(dir, { agency: 'AU', listenHost: '127.0.0.1' });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  // RFC 6066 forbids an IP address as server name; the current Node LTS refuses to connect with one.
  it('sends no server name to an IP address, and the DNS name to a named host', async () => {
    const recorder = await sniRecorder(tls);
    try {
      await touch(`127.0.0.1:${recorder.port}`, tls);
      await touch(`localhost:${recorder.port}`, tls);
      expect(recorder.names.slice(0, 1)).toEqual([false]);
      expect(recorder.names).toContain('localhost');
      expect(recorder.names).not.toContain('127.0.0.1');
    } finally {
      recorder.server.close();
    }
  });
});
