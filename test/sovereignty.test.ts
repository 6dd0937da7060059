import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NatsConnection } from 'nats';
import { generateAgencyIdentity, loadAgencyIdentity } from '@concord/identity';
import { FederationSubjects, StoreSubjects } from '@concord/federation';
import { sealedEventType } from '@concord/sealing';
import { TestFederation, waitFor } from '@concord/testkit';
import { attempt, forge } from './attack-helpers.js';
import { createOperation, planningCodecOf, proposalEvent, timelineOf } from './planning-helpers.js';

const canary = 'CANARY-7f3c-private-to-AU';
const encoder = new TextEncoder();
const planningStream = StoreSubjects.streamName('planning');

interface Seen {
  readonly account: string;
  readonly subject: string;
  readonly data: string;
}

async function observeHub(federation: TestFederation, seen: Seen[]): Promise<NatsConnection[]> {
  return Promise.all(
    federation.agencyIds.map(async (account) => {
      const nc = await federation.connectHub(account);
      nc.subscribe('>', { callback: (_error, message) => seen.push({ account, subject: message.subject, data: new TextDecoder().decode(message.data) }) });
      await nc.flush();
      return nc;
    }),
  );
}

describe('data sovereignty', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID', 'TH', 'MY', 'NZ', 'CA'] });
  });
  afterAll(() => federation?.stop());

  it('while the slice runs, observers on ">" in every hub account see only deliveries between the right agencies, never a private subject or content', async () => {
    const seen: Seen[] = [];
    const observers = await observeHub(federation, seen);
    // Private activity inside AU: a private subject, and a private stream written through JetStream.
    const au = await federation.connectAgency('AU');
    au.publish('planning.private.notes', encoder.encode(canary));
    const jsm = await au.jetstreamManager();
    await jsm.streams.add({ name: 'PRIVATE_NOTES', subjects: ['private.notes.>'] });
    await au.jetstream().publish('private.notes.target', encoder.encode(canary));

    const operation = await createOperation(federation, 'AU', ['ID', 'TH', 'MY']);
    for (const id of ['ID', 'TH', 'MY']) await waitFor(async () => expect(await timelineOf(federation, id, operation.id)).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await Promise.all(observers.map((nc) => nc.close()));

    expect(seen.length).toBeGreaterThan(0);
    for (const message of seen) {
      // Deliveries, and the replies that the hub routes back through its service imports: nothing else.
      // A delivery's type is the one opaque type of sealed events (or a link's "ready" signal).
      expect(message.subject).toMatch(/^(jpa\.[A-Z0-9]+\.[A-Z0-9]+\.planning\.(sealed|link\.ready)|_R_\.[A-Za-z0-9]+\.[A-Za-z0-9]+)$/);
      expect(message.data).not.toContain(canary);
      if (message.subject.startsWith('jpa.')) {
        const [, to, from] = message.subject.split('.');
        expect([to, from]).toContain(message.account);
        expect(from).toBe('AU');
      }
    }
    const deliveries = new Set(seen.filter((m) => m.subject.endsWith(`.${sealedEventType}`)).map((m) => `${m.account}:${m.subject}`));
    expect([...deliveries].sort()).toEqual(['ID', 'TH', 'MY'].flatMap((to) => [`AU:jpa.${to}.AU.planning.sealed`, `${to}:jpa.${to}.AU.planning.sealed`]).sort());
    // The invitation crossed sealed: its name, its participants and its period are not in it.
    expect(seen.filter((m) => /Coral Tide|"participants"|"period"/.test(m.data))).toEqual([]);
    expect(seen.filter((m) => m.account === 'NZ' || m.account === 'CA')).toEqual([]);
  });

  it('a hostile agency server, its own restrictions dropped, cannot speak as another agency nor reach another agency\'s JetStream', async () => {
    const idStore = await (await federation.connectAgency('ID')).jetstreamManager();
    const idBefore = (await idStore.streams.info(planningStream)).state.messages;
    const idTimelineBefore = await timelineOf(federation, 'ID');
    const auKeys = await loadAgencyIdentity(federation.prepared.paths.agency('AU').keysDir);
    const auCodec = await planningCodecOf(federation, 'AU');

    // AU turns hostile: its leaf link bound straight to its internal account (services, JetStream,
    // every subject), the federation account and every export/import restriction gone.
    await federation.stopServices('AU');
    await federation.stopAgencyServer('AU');
    await federation.rewriteAgencyConfig('AU', (config) => {
      const accounts = config.accounts as Record<string, Record<string, unknown>>;
      const internal = accounts.INTERNAL!;
      delete internal.exports;
      delete internal.imports;
      const leaf = config.leafnodes as { remotes: Array<{ account: string }> };
      leaf.remotes[0]!.account = 'INTERNAL';
      return { ...config, accounts: { INTERNAL: internal } };
    });
    await federation.startAgencyServer('AU');
    await waitFor(async () => {
      const leafz = (await (await fetch(`${federation.prepared.endpoints.hub.monitor}/leafz`)).json()) as { leafs?: Array<{ account: string }> };
      expect(leafz.leafs?.map((l) => l.account)).toContain('AU');
    });
    const hostile = await federation.connectAgency('AU');

    // Speaking as TH on TH's lane to ID: the hub has no route from AU's account for it.
    const asTh = forge(proposalEvent(auCodec, 'TH', ['ID']), 'TH', auKeys);
    expect(await attempt(hostile, FederationSubjects.delivery('ID', 'TH', 'planning', sealedEventType), asTh.data, asTh.headers)).toBe('no answer (503)');
    // Claiming TH's origin on its own lane: refused, the subject and the signed origin disagree.
    expect(await attempt(hostile, FederationSubjects.delivery('ID', 'AU', 'planning', sealedEventType), asTh.data, asTh.headers)).toContain('"reason":"wrong-subject"');
    // Claiming TH's origin with the subject to match is the first case again; AU's lane with a key the
    // manifest does not list is refused on the signature.
    const strangerKey = forge(proposalEvent(auCodec, 'AU', ['ID']), 'AU', generateAgencyIdentity());
    expect(await attempt(hostile, FederationSubjects.delivery('ID', 'AU', 'planning', sealedEventType), strangerKey.data, strangerKey.headers)).toContain('"reason":"bad-signature"');

    // ID's JetStream API across the leaf link: list, read, create a consumer, delete. Nothing answers.
    const api = '$JS.ID.API';
    for (const [subject, body] of [
      [`${api}.STREAM.LIST`, '{}'],
      [`${api}.STREAM.NAMES`, '{}'],
      [`${api}.STREAM.INFO.${planningStream}`, ''],
      [`${api}.STREAM.MSG.GET.${planningStream}`, '{"seq":1}'],
      [`${api}.CONSUMER.CREATE.${planningStream}`, `{"stream_name":"${planningStream}","config":{"ack_policy":"none","deliver_subject":"stolen.>"}}`],
      [`${api}.STREAM.PURGE.${planningStream}`, ''],
      [`${api}.STREAM.DELETE.${planningStream}`, ''],
    ] as const) {
      expect(await attempt(hostile, subject, encoder.encode(body)), subject).toBe('no answer (503)');
    }

    // ID still has exactly what it had, and told nobody anything.
    expect((await idStore.streams.info(planningStream)).state.messages).toBe(idBefore);
    expect(await timelineOf(federation, 'ID')).toEqual(idTimelineBefore);
    expect(federation.planning('ID').link.stats().rejected).toMatchObject({ 'wrong-subject': 1, 'bad-signature': 1 });

    // Traffic between other agencies never reaches the hostile server, even subscribed to everything.
    const sniffed: string[] = [];
    hostile.subscribe('>', { callback: (_e, m) => sniffed.push(m.subject) });
    await hostile.flush();
    const operation = await createOperation(federation, 'ID', ['TH'], 'Between ID and TH');
    await waitFor(async () => expect(await timelineOf(federation, 'TH', operation.id)).toHaveLength(1));
    await hostile.flush();
    expect(sniffed.filter((subject) => subject.startsWith('jpa.'))).toEqual([]);
  });
});
