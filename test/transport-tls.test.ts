import { readFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'nats';
import { credentials } from '@grpc/grpc-js';
import { PlanningServiceClient } from '@concord/contracts/planning';
import { Code } from '@concord/errors';
import { grpcCredentials, probeHealth } from '@concord/service-kit';
import { TestFederation, waitFor } from '@concord/testkit';
import { callOnce } from './planning-helpers.js';

const hostPort = (address: string) => {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
};

/** What a client that does not speak TLS hears from a NATS port: the INFO line, then the answer to CONNECT. */
function plaintextNats(address: string): Promise<{ info: string; answer: string }> {
  return new Promise((resolve) => {
    const socket = createConnection(hostPort(address));
    let info = '';
    let answer = '';
    let sent = false;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      if (sent) return void (answer += chunk);
      info += chunk;
      if (!info.includes('\r\n')) return;
      sent = true;
      socket.write('CONNECT {"verbose":false,"pedantic":false,"user":"planning","pass":"guess"}\r\nPING\r\n');
    });
    socket.on('close', () => resolve({ info, answer: answer.trim() }));
    // A reset is one way of hanging up; 'close' follows and tells what was heard.
    socket.on('error', () => undefined);
    setTimeout(() => socket.destroy(), 5_000).unref();
  });
}

/** A bare TLS handshake offering HTTP/2, as gRPC clients do: the protocol agreed, or the refusal. */
function handshake(address: string, ca: string, maxVersion: 'TLSv1.2' | 'TLSv1.3'): Promise<string> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ ...hostPort(address), ca, maxVersion, ALPNProtocols: ['h2'] }, () => {
      resolve(`${socket.getProtocol()} ${socket.alpnProtocol || ''}`.trim());
      socket.end();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(`refused: ${error.code ?? error.message}`));
  });
}

describe('TLS on every agency port', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID'], services: ['AU'] });
  });
  afterAll(() => federation?.stop());

  const planningOf = (id: string) => federation.prepared.endpoints.agencies[id]!.grpc.planning;

  it("answers a gRPC client that trusts the agency's CA, over TLS 1.3", async () => {
    expect(await callOnce(federation.planningClient('AU'), 'listOperations', {})).toEqual({ operations: [] });
    expect(await handshake(planningOf('AU'), federation.ca('AU'), 'TLSv1.3')).toBe('TLSv1.3 h2');
  });

  it('refuses a plaintext gRPC connection, a client that does not trust the CA, and TLS 1.2', async () => {
    const plaintext = callOnce(new PlanningServiceClient(planningOf('AU'), credentials.createInsecure()), 'listOperations', {});
    await expect(plaintext).rejects.toMatchObject({ code: Code.Unavailable });
    const otherCa = callOnce(new PlanningServiceClient(planningOf('AU'), grpcCredentials(federation.ca('ID'))), 'listOperations', {});
    await expect(otherCa).rejects.toMatchObject({ code: Code.Unavailable });
    expect(await probeHealth(planningOf('AU'), federation.ca('ID'), '', 1_000)).toBe('UNREACHABLE');
    expect(await handshake(planningOf('AU'), federation.ca('AU'), 'TLSv1.2')).toMatch(/^refused: ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION/);
  });

  it("refuses a NATS client without TLS on the agency's port, and one that does not trust the agency's CA", async () => {
    const address = federation.prepared.endpoints.agencies.AU!.nats.replace('tls://', '');
    const plaintext = await plaintextNats(address);
    // The server announces TLS, takes the plaintext CONNECT for a failed handshake and hangs up.
    expect(plaintext.info).toContain('"tls_required":true');
    expect(plaintext.answer).toBe('');
    await waitFor(async () => expect(await readFile(federation.prepared.paths.agency('AU').natsLog, 'utf8')).toContain('TLS handshake error: tls: first record does not look like a TLS handshake'));

    const config = federation.prepared.services.AU!.planning;
    const otherCa = connect({ servers: config.natsUrl, tls: { ca: federation.ca('ID') }, user: 'planning', pass: 'irrelevant', reconnect: false, timeout: 3_000 });
    await expect(otherCa).rejects.toThrow(/certificate/i);
    // With the agency's CA it connects, as its services do.
    const inside = await federation.connectAgency('AU');
    expect(inside.info?.tls_required).toBe(true);
  });
});
