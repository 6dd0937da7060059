/**
 * Each agency process serves Prometheus metrics over HTTPS to a scraper holding its token: deliveries
 * in and out and refusals per peer, relay backlog, gRPC calls by method and code, audit sync latency.
 * `concord status` shows each agency's services and links per peer from the same endpoint, one request
 * per agency, and does not wait for an agency that does not answer.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { headers } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FederationSubjects, SignatureHeader } from '@concord/federation';
import { freeWorkerPort, TestFederation, waitFor } from '@concord/testkit';
import { concord } from './cli-helpers.js';
import { createOperation } from './planning-helpers.js';

let federation: TestFederation;

beforeAll(async () => {
  federation = await TestFederation.start({ agencies: ['AU', 'ID'], relayMaxBackoffMs: 200 });
});

afterAll(async () => {
  await federation?.stop();
});

async function scrape(agency: string): Promise<string> {
  const { status, body } = await federation.getMetrics(agency);
  expect(status).toBe(200);
  return body;
}

/** The value of one series, 0 when absent; `labels` as they appear between the braces, in order. */
function valueOf(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/** The sum of every series that starts with `prefix`. */
function sumOf(text: string, prefix: string): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

const planningOut = (peer: string, agency: string) => `concord_federation_deliveries_out_total{capability="planning",peer="${peer}",agency="${agency}"}`;
const planningIn = (peer: string, agency: string) => `concord_federation_deliveries_in_total{capability="planning",peer="${peer}",agency="${agency}"}`;
const createCalls = 'concord_grpc_server_handled_total{grpc_service="concord.v1.PlanningService",grpc_method="CreateOperation",grpc_code="OK",agency="AU"}';
// prom-client writes a histogram's default label (agency) first.
const createLatencyCount = 'concord_grpc_server_handling_seconds_count{agency="AU",grpc_service="concord.v1.PlanningService",grpc_method="CreateOperation",grpc_code="OK"}';
const auditSyncs = 'concord_audit_fsync_seconds_count{agency="AU",service="planning"}';

describe('metrics endpoint', () => {
  it('answers only a scraper holding the agency token, over TLS', async () => {
    expect((await federation.getMetrics('AU', '/metrics', null)).status).toBe(401);
    expect((await federation.getMetrics('AU', '/metrics', 'not-the-token')).status).toBe(401);
    expect(await scrape('AU')).toContain('# TYPE concord_federation_deliveries_out_total counter');
  });

  it('counts a delivery on both sides, the gRPC call that made it and its audit sync', async () => {
    const [auBefore, idBefore] = await Promise.all([scrape('AU'), scrape('ID')]);
    await createOperation(federation, 'AU', ['ID']);
    const [auAfter, idAfter] = await waitFor(async () => {
      const scraped = await Promise.all([scrape('AU'), scrape('ID')]);
      expect(valueOf(scraped[1], planningIn('AU', 'ID'))).toBeGreaterThan(valueOf(idBefore, planningIn('AU', 'ID')));
      expect(valueOf(scraped[0], planningOut('ID', 'AU'))).toBeGreaterThan(valueOf(auBefore, planningOut('ID', 'AU')));
      return scraped;
    });
    // For the record of this run: the series that moved.
    for (const [name, before, after] of [
      [planningOut('ID', 'AU'), auBefore, auAfter],
      [planningIn('AU', 'ID'), idBefore, idAfter],
      [createCalls, auBefore, auAfter],
      [createLatencyCount, auBefore, auAfter],
      [auditSyncs, auBefore, auAfter],
    ] as const) {
      console.log(`${name} ${valueOf(before, name)} -> ${valueOf(after, name)}`);
    }
    expect(valueOf(auAfter, createCalls)).toBe(valueOf(auBefore, createCalls) + 1);
    expect(valueOf(auAfter, createLatencyCount)).toBe(valueOf(auBefore, createLatencyCount) + 1);
    expect(valueOf(auAfter, auditSyncs)).toBeGreaterThan(valueOf(auBefore, auditSyncs));
    expect(valueOf(auAfter, 'concord_federation_relay_pending{capability="planning",peer="ID",agency="AU"}')).toBe(0);
    expect(valueOf(auAfter, 'concord_federation_peer_connected{capability="planning",peer="ID",agency="AU"}')).toBe(1);
  });

  it('counts a refused delivery under its sender and reason', async () => {
    const refusalsFromAu = 'concord_federation_refusals_total{capability="planning",peer="AU",reason=';
    const before = sumOf(await scrape('ID'), refusalsFromAu);
    const au = await federation.connectAgency('AU');
    const h = headers();
    h.set(SignatureHeader, Buffer.alloc(64).toString('base64'));
    const forged = new TextEncoder().encode(JSON.stringify({ id: 'forged', type: 'op.created', scope: 'op-x', origin: 'AU', recipients: ['ID'] }));
    await au.request(FederationSubjects.delivery('ID', 'AU', 'planning', 'op.created'), forged, { timeout: 5_000, headers: h });
    const after = await scrape('ID');
    console.log(after.split('\n').filter((l) => l.startsWith(refusalsFromAu)).join('\n'));
    expect(sumOf(after, refusalsFromAu)).toBe(before + 1);
    expect(valueOf(after, 'concord_federation_refusals_last_hour{capability="planning",peer="AU",agency="ID"}')).toBeGreaterThanOrEqual(1);
  });

  it('shows each peer link in concord status: connected, pending, last delivery, refusals in the last hour', async () => {
    const { stdout, stderr } = await concord(['--endpoints', federation.prepared.paths.endpoints, 'status']);
    console.log(stdout);
    expect(stderr).toBe('');
    // ID's link to AU: up, nothing waiting, the delivery above, the forged one refused.
    expect(stdout).toMatch(/AGENCY\s+PEER\s+CONNECTED\s+PENDING\s+LAST DELIVERY\s+REFUSALS \(1 H\)\n(.*\n)*ID\s+AU\s+yes\s+0\s+20\d\d-\d\d-\d\d \d\d:\d\d UTC\s+1\n/);
  });

  it("names every service's health beside the links, as their gRPC health says it", async () => {
    const links = JSON.parse((await federation.getMetrics('AU', '/links')).body) as { services: Record<string, string> };
    expect(links.services).toEqual({ planning: 'SERVING', tasking: 'SERVING', intel: 'SERVING', debrief: 'SERVING', identity: 'SERVING' });
  });

  it('concord status answers within its deadline when an agency keeps it waiting, showing that agency as not answering', async () => {
    // A metrics port that starts a TLS record and then sends one byte a second: a read timeout never fires.
    const sockets = new Set<Socket>();
    const stalling = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.write(Buffer.from([0x16, 0x03, 0x03, 0x40, 0x00]));
      const drip = setInterval(() => socket.write(Buffer.from([0])), 1_000);
      socket.on('close', () => clearInterval(drip));
    });
    const port = await freeWorkerPort();
    await new Promise<void>((resolve) => stalling.listen(port, '127.0.0.1', resolve));
    const endpoints = JSON.parse(await readFile(federation.prepared.paths.endpoints, 'utf8')) as { agencies: Record<string, { metrics?: string }> };
    endpoints.agencies.ID!.metrics = `https://127.0.0.1:${port}`;
    const stalled = join(federation.dir, 'endpoints-stalled.json');
    await writeFile(stalled, JSON.stringify(endpoints));
    try {
      const started = Date.now();
      const { stdout } = await concord(['--endpoints', stalled, 'status', '--json']);
      const tookMs = Date.now() - started;
      const status = JSON.parse(stdout) as { allServing: boolean; agencies: Array<{ agency: string; services: Record<string, { health: string }>; links: { error?: string } }> };
      const [au, id] = [status.agencies.find((a) => a.agency === 'AU')!, status.agencies.find((a) => a.agency === 'ID')!];
      expect(Object.values(au.services).map((s) => s.health)).toEqual(['SERVING', 'SERVING', 'SERVING', 'SERVING', 'SERVING']);
      expect(id.links.error).toBe('no answer within 1.5 s');
      expect(status.allServing).toBe(false);
      // The command's own start on a loaded machine aside, not a wait for the stalled agency (it sends for ever).
      expect(tookMs).toBeLessThan(15_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      stalling.close();
    }
  });

  it('shows a peer that is down as not connected, with what waits for it', async () => {
    await federation.stopServices('ID');
    try {
      await createOperation(federation, 'AU', ['ID'], 'Held for ID');
      const health = await waitFor(async () => {
        const links = JSON.parse((await federation.getMetrics('AU', '/links')).body) as { peers: Array<{ peer: string; connected: boolean; pending: number }> };
        const row = links.peers.find((p) => p.peer === 'ID')!;
        expect(row.connected).toBe(false);
        expect(row.pending).toBeGreaterThanOrEqual(1);
        return row;
      }, 15_000, 200);
      console.log(`AU -> ID while ID is down: ${JSON.stringify(health)}`);
    } finally {
      await federation.startServices('ID');
    }
  });
});
