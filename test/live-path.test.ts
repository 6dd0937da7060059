/**
 * The live path waits for nothing it need not: an own event goes to its recipients' relays as soon as
 * JetStream acknowledged its write (not a consumer's trip later), and a recipient's answer leaves
 * before the recipient opens and applies the event. Guarantees kept: the event is in the originator's
 * store before it leaves, its consumer message is acknowledged once (no second delivery), and the
 * recipient answers only once it stored the event.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HopStage, StoreSubjects, type HopMark } from '@concord/federation';
import { startAgencyProcess, type AgencyProcess } from '@concord/launcher';
import { TestFederation, waitFor } from '@concord/testkit';
import { alertAt, publish, vesselAlert } from './intel-helpers.js';

const stream = StoreSubjects.streamName('intel');
/** Long, so that a loaded machine still tells an answer sent before the apply from one sent after it. */
const slowApplyMs = 1_000;

describe('the live path', () => {
  let federation: TestFederation;
  let idProcess: AgencyProcess | undefined;
  let traceDir: string;

  beforeAll(async () => {
    // ID runs in a process of its own, as under npm start, recording its hops; AU and TH run here.
    federation = await TestFederation.start({ agencies: ['ID', 'AU', 'TH'], services: ['AU', 'TH'] });
    traceDir = await mkdtemp(join(tmpdir(), 'live-path-hops-'));
    process.env.CONCORD_TRACE_DIR = traceDir;
    const paths = federation.prepared.paths.agency('ID');
    idProcess = await startAgencyProcess('ID', paths.hostConfig, paths.servicesLog, 120_000);
    delete process.env.CONCORD_TRACE_DIR;
  }, 180_000);
  afterAll(async () => {
    await idProcess?.stop();
    await federation?.stop();
    await rm(traceDir, { recursive: true, force: true });
  });

  it('hands own events to their relays on the write acknowledgement, each once, and acknowledges each consumer message once', async () => {
    const alerts = [];
    for (let i = 0; i < 3; i++) alerts.push(await publish(federation, 'AU', ['TH'], vesselAlert(`on ack ${i}`)));
    for (const alert of alerts) await alertAt(federation, 'TH', alert.id);
    // Most go on the acknowledgement; one whose consumer message came round first goes from the consumer, as before.
    expect(federation.intel('AU').link.stats().handedOnAck).toBeGreaterThan(0);
    // Either way each went to TH once.
    expect(federation.intel('AU').link.stats().relays.TH!.delivered).toBe(3);
    // The dispatcher's consumer still carries each event's acknowledgement: nothing is left pending or delivered again.
    const jsm = await (await federation.connectAgency('AU', 'intel')).jetstreamManager();
    await waitFor(async () => {
      const info = await jsm.consumers.info(stream, 'dispatch');
      expect(info).toMatchObject({ num_ack_pending: 0, num_pending: 0, num_redelivered: 0 });
    });
    expect(federation.intel('TH').link.stats().duplicates).toBe(0);
  });

  it('a recipient answers its sender before it opens and applies the event', async () => {
    const book = federation.intel('AU').book;
    const apply = book.apply.bind(book);
    let applyStarted: number | undefined;
    book.apply = (event, seq) => {
      if (event.type === 'alert.version' && applyStarted === undefined) {
        applyStarted = performance.timeOrigin + performance.now();
        // A slow apply (a big fold, a slow open): the sender must not wait for it.
        const until = performance.now() + slowApplyMs;
        while (performance.now() < until);
      }
      apply(event, seq);
    };
    try {
      const alert = await publish(federation, 'ID', ['AU'], vesselAlert('answered first'));
      await alertAt(federation, 'AU', alert.id);
      const confirmed = await waitFor(async () => {
        const marks = (await Promise.all((await readdir(traceDir)).map((file) => readFile(join(traceDir, file), 'utf8')))).flatMap((text) => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as HopMark));
        const mark = marks.find((m) => m.agency === 'ID' && m.stage === HopStage.confirmed && m.scope === alert.id);
        if (!mark) throw new Error('ID has not recorded the answer yet');
        return mark.at;
      });
      expect(applyStarted).toBeDefined();
      // Heard while AU was still applying: before, the answer left only once the apply had ended.
      expect(confirmed).toBeLessThan(applyStarted! + slowApplyMs);
    } finally {
      book.apply = apply;
    }
  });

  it('an own event reaches its recipient while the dispatcher consumer hands out nothing', async () => {
    const jsm = await (await federation.connectAgency('AU', 'intel')).jetstreamManager();
    await jsm.consumers.delete(stream, 'dispatch');
    const alert = await publish(federation, 'AU', ['TH'], vesselAlert('without the consumer'));
    await alertAt(federation, 'TH', alert.id, undefined, 3_000);
  });
});
