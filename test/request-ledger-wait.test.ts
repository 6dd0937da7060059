/**
 * A retry that arrives while the first attempt of its request id is still running in the same process
 * waits for that attempt to end, woken by it (not by polling the key-value bucket), and never longer than
 * its caller's deadline.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestLedger } from '@concord/access';
import { localNatsRunner, type NatsServerHandle } from '@concord/launcher';
import { freeWorkerPort } from '@concord/testkit';

let dir: string;
let server: NatsServerHandle;
let nc: NatsConnection;
let ledger: RequestLedger;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'concord-ledger-'));
  const ports = { nats: await freeWorkerPort(), monitor: await freeWorkerPort() };
  const configPath = join(dir, 'nats.conf');
  await writeFile(configPath, JSON.stringify({ server_name: 'ledger-test', host: '127.0.0.1', port: ports.nats, http: `127.0.0.1:${ports.monitor}`, jetstream: { store_dir: join(dir, 'js') }, pid_file: join(dir, 'nats.pid') }));
  server = await localNatsRunner().start({ name: 'ledger nats-server', configPath, pidFile: join(dir, 'nats.pid'), logPath: join(dir, 'nats.log'), monitorUrl: `http://127.0.0.1:${ports.monitor}` });
  nc = await connect({ servers: `127.0.0.1:${ports.nats}` });
  ledger = await RequestLedger.open(nc, 'TEST_REQUESTS');
});

afterAll(async () => {
  await nc?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a retry of a request still running in this process', () => {
  it('is woken when the first attempt ends and gets its answer, asking the bucket only before and after', async () => {
    expect(await ledger.start('running-then-answered')).toEqual({ kind: 'run', key: 'running-then-answered' });
    const before = nc.stats().outMsgs;
    const retry = ledger.start('running-then-answered');
    // The first attempt runs for 1.5 s: polling every 100 ms would ask the bucket about 15 times.
    await sleep(1_500);
    await ledger.answered('running-then-answered', Buffer.from('the first answer'));
    ledger.ended('running-then-answered');
    const replay = await retry;
    expect(replay.kind).toBe('replay');
    expect(Buffer.from((replay as { answer: Uint8Array }).answer).toString()).toBe('the first answer');
    // One read before waiting, the answer's write, one read after.
    expect(nc.stats().outMsgs - before).toBeLessThanOrEqual(4);
  });

  it("gives up at its caller's deadline, while the first attempt still runs", async () => {
    await ledger.start('still-running');
    const deadline = Date.now() + 300;
    const failure = await ledger.start('still-running', deadline).catch((error: unknown) => error);
    expect(failure).toMatchObject({ message: 'an earlier call with this request id is still running; try again shortly' });
    expect(Date.now() - deadline).toBeLessThan(1_000);
    ledger.ended('still-running');
  });
});
