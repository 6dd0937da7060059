/**
 * What one `concord status` costs, in measures load does not distort: the libraries the command loads,
 * and the JetStream requests an agency makes to answer it while several of its peers are behind.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFederation, waitFor } from '@concord/testkit';
import { concord } from './cli-helpers.js';
import { createOperation } from './planning-helpers.js';

let federation: TestFederation;
const peers = ['ID', 'TH', 'MY'];

beforeAll(async () => {
  // AU alone runs services: its relays to the three others fall behind and read from consumers of their own.
  federation = await TestFederation.start({ agencies: ['AU', ...peers], services: ['AU'], relayMaxBackoffMs: 1_000 });
});

afterAll(async () => {
  await federation?.stop();
});

async function apiRequests(): Promise<number> {
  const jsz = (await (await fetch(`${federation.prepared.endpoints.agencies.AU!.monitor}/jsz`)).json()) as { api: { total: number } };
  return jsz.api.total;
}

/** AU's durable consumers of its relays that are catching up. */
async function relayConsumers(): Promise<string[]> {
  type Jsz = { account_details?: Array<{ stream_detail?: Array<{ consumer_detail?: Array<{ name: string }> }> }> };
  const jsz = (await (await fetch(`${federation.prepared.endpoints.agencies.AU!.monitor}/jsz?accounts=true&streams=true&consumers=true`)).json()) as Jsz;
  const names = (jsz.account_details ?? []).flatMap((a) => (a.stream_detail ?? []).flatMap((s) => (s.consumer_detail ?? []).map((c) => c.name)));
  return names.filter((name) => name.startsWith('relay-'));
}

describe('concord status', () => {
  it('loads no gRPC library when the agency answers from its metrics endpoint', async () => {
    const moduleLog = join(federation.dir, 'status-modules.log');
    const recorder = new URL('./fixtures/module-recorder.mjs', import.meta.url).href;
    const { code, stdout } = await concord(['--endpoints', federation.prepared.paths.endpoints, '--agency', 'AU', 'status', '--json'], { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${recorder}`, CONCORD_MODULE_LOG: moduleLog });
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { allServing: boolean }).allServing).toBe(true);
    // The command is a bundle: its files name the packages bundled in them (`// node_modules/<package>/...`).
    const files = (await readFile(moduleLog, 'utf8')).split('\n').filter((url) => url.startsWith('file:'));
    const sources = await Promise.all(files.map((url) => readFile(fileURLToPath(url), 'utf8')));
    const packagesLoaded = new Set(sources.flatMap((source) => [...source.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((m) => m[1]!)));
    const kb = sources.reduce((sum, source) => sum + source.length, 0) / 1024;
    console.log(`concord status loaded ${files.length} files, ${kb.toFixed(0)} kB of source, from ${packagesLoaded.size} packages: ${[...packagesLoaded].sort().join(', ')}`);
    // Loaded before for the fallback (an agency without a metrics endpoint): about 100 ms of the command's CPU.
    expect(packagesLoaded).toContain('commander');
    for (const grpc of ['@grpc/grpc-js', 'grpc-health-check', '@grpc/proto-loader', 'protobufjs']) expect(packagesLoaded, grpc).not.toContain(grpc);
  });

  it("costs an agency one consumer listing per capability, however many of its peers are behind", async () => {
    await createOperation(federation, 'AU', peers, 'Held for three');
    // Each relay's send fails (no one answers), and it falls back on a consumer of its own.
    await waitFor(async () => expect((await relayConsumers()).sort()).toEqual(peers.map((peer) => `relay-${peer}`).sort()), 30_000, 200);
    const rounds = 10;
    const before = await apiRequests();
    for (let i = 0; i < rounds; i++) expect((await federation.getMetrics('AU', '/links')).status).toBe(200);
    const made = (await apiRequests()) - before;
    console.log(`/links with ${peers.length} peers behind, ${rounds} times: ${made} JetStream API requests`);
    // Asked relay by relay: one per peer behind, 30 here. Now one listing per round for planning, the one
    // capability behind, and at most a health check or two of the services meanwhile.
    expect(made).toBeLessThanOrEqual(rounds + 5);
  });
});
