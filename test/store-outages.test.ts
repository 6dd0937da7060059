/**
 * What an agency's JetStream failing for a moment (a node lost, a leader being elected, a host cut off)
 * must not do to the federation: confirm an event not stored, or leave a relay without a consumer. The
 * store fails for real: the stream is made to refuse writes, or its server is stopped.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NatsConnection } from 'nats';
import { Capability, FederationSubjects, StoreSubjects } from '@concord/federation';
import { loadAgencyIdentity, type AgencyIdentity } from '@concord/identity';
import { TestFederation, waitFor } from '@concord/testkit';
import { attempt, forge } from './attack-helpers.js';
import { planningCodecOf, proposalEvent, timelineOf } from './planning-helpers.js';

const stream = StoreSubjects.streamName('planning');

describe('a store that fails for a moment', () => {
  let federation: TestFederation;
  let au: AgencyIdentity;
  /** Inside AU's server: where AU's relay sends from. */
  let asAu: NatsConnection;
  let insideTh: NatsConnection;

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['TH', 'AU'] });
    au = await loadAgencyIdentity(federation.prepared.paths.agency('AU').keysDir);
    asAu = await federation.connectAgency('AU', Capability.Planning);
    insideTh = await federation.connectAgency('TH', Capability.Planning);
  });
  afterAll(() => federation?.stop());

  /** TH's planning stream refuses every new write until `undo` (DiscardNew at its current size). */
  async function refuseWrites(): Promise<() => Promise<void>> {
    const jsm = await insideTh.jetstreamManager();
    const { config, state } = await jsm.streams.info(stream);
    await jsm.streams.update(stream, { ...config, max_msgs: state.messages });
    return async () => void (await jsm.streams.update(stream, { ...config, max_msgs: -1 }));
  }

  it('confirms a copy of an event whose first write is still under way only once that write is stored, never when it fails', async () => {
    const codec = await planningCodecOf(federation, 'AU');
    const proposal = proposalEvent(codec, 'AU', ['TH']);
    const event = forge(proposal, 'AU', au, Capability.Planning);
    const subject = FederationSubjects.delivery('TH', 'AU', Capability.Planning, proposal.type);
    const stored = async () => (await (await insideTh.jetstreamManager()).streams.info(stream)).state.messages;
    // One event stored first: a limit of 0 messages would mean none.
    const first = proposalEvent(codec, 'AU', ['TH']);
    const sent = forge(first, 'AU', au, Capability.Planning);
    expect(JSON.parse(await attempt(asAu, subject, sent.data, sent.headers))).toEqual({ ok: true, duplicate: false });
    const before = await stored();

    // A sender whose first request timed out sends the event again while the first write is still under way.
    const undo = await refuseWrites();
    const answers = await Promise.all([1, 2, 3].map(() => attempt(asAu, subject, event.data, event.headers)));
    await undo();
    expect(await stored()).toBe(before);
    for (const answer of answers) expect(JSON.parse(answer)).toMatchObject({ ok: false, reason: 'unavailable' });

    // Once the store takes writes again, the event is stored once, and a copy is a duplicate.
    expect(JSON.parse(await attempt(asAu, subject, event.data, event.headers))).toEqual({ ok: true, duplicate: false });
    expect(JSON.parse(await attempt(asAu, subject, event.data, event.headers))).toEqual({ ok: true, duplicate: true });
    expect(await stored()).toBe(before + 1);
  });

  it("a relay that cannot make its consumer while its own server does not answer makes it once the server answers: the peer gets the event", async () => {
    const link = federation.planning('AU').link;
    const codec = await planningCodecOf(federation, 'AU');
    const pidOf = async (agency: string) => Number((await readFile(federation.prepared.paths.agency(agency).natsPidFile, 'utf8')).trim());
    const [th, au] = [await pidOf('TH'), await pidOf('AU')];
    // Servers that stand still, as hosts cut off do: their links stay open and nothing answers.
    process.kill(th, 'SIGSTOP');
    let scope = '';
    try {
      scope = (await link.publish(proposalEvent(codec, 'AU', ['TH'], { name: 'Behind a failed create' }))).envelope.scope;
      // Once the relay waits for TH's answer, AU's own server stands still too: the relay falls behind,
      // and its consumer requests time out (5 s) until the server answers again.
      await waitFor(async () => expect((await link.pending()).TH).toBe(1), 1_000, 5);
      process.kill(au, 'SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, 7_500));
    } finally {
      // TH's server dies with the delivery it never read, and starts again once AU's answers.
      process.kill(th, 'SIGKILL');
      process.kill(au, 'SIGCONT');
    }
    await federation.stopAgencyServer('TH');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await federation.startAgencyServer('TH');
    await waitFor(async () => expect(await timelineOf(federation, 'TH', scope)).toHaveLength(1), 30_000, 250);
  }, 60_000);
});
