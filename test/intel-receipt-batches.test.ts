/**
 * Delivery receipts travel in batches, one signed and sealed event per originator for the receipts a
 * recipient gathered, and a batch is checked like any event: forged, replayed or wrongly addressed
 * batches are refused, counted, and change nothing the originator holds.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NatsConnection } from 'nats';
import { HybridLogicalClock } from '@concord/clock';
import { Capability, FederationSubjects, signEvent, type NewEvent } from '@concord/federation';
import { generateAgencyIdentity, loadAgencyIdentity, type AgencyIdentity } from '@concord/identity';
import { createIntelCodec } from '@concord/intel';
import { sealedEventType } from '@concord/sealing';
import { TestFederation, waitFor } from '@concord/testkit';
import { attempt, forge, withSignature } from './attack-helpers.js';
import { alertAt, publish, vesselAlert } from './intel-helpers.js';

/** Long enough that alerts published together are receipted together, even on a loaded machine. */
const windowMs = 3_000;

describe('batched delivery receipts', () => {
  let federation: TestFederation;
  let au: AgencyIdentity;
  let asAu: NatsConnection;

  /** A batch of receipts from AU to `to`, sealed by AU. */
  const batchFromAu = (receipts: { alertId: string; version: number }[], to = 'ID'): NewEvent => {
    const codec = createIntelCodec({ agency: 'AU', encryptionKey: au.encryptionKey }, federation.prepared.trust);
    return { scope: crypto.randomUUID(), recipients: [to], ...codec.encode('alert.receipts', {}, { receipts }, [to]) };
  };
  const subjectTo = (to: string) => FederationSubjects.delivery(to, 'AU', Capability.Intel, sealedEventType);
  const fromAuAt = (agency: string) => federation.intel(agency).link.stats().peers.AU?.deliveredIn ?? 0;
  const rejectedAt = (agency: string) => federation.intel(agency).link.stats().rejected;

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['ID', 'AU', 'TH'], intel: { receipts: { windowMs, maxPerBatch: 256 } } });
    au = await loadAgencyIdentity(federation.prepared.paths.agency('AU').keysDir);
    asAu = await federation.connectAgency('AU', Capability.Intel);
  });
  afterAll(() => federation?.stop());

  it('alerts published together are receipted by each recipient in one event, and the originator sees each delivered', async () => {
    const before = { AU: fromAuAt('ID'), TH: federation.intel('ID').link.stats().peers.TH?.deliveredIn ?? 0 };
    const alerts = await Promise.all([1, 2, 3].map((i) => publish(federation, 'ID', ['AU', 'TH'], vesselAlert(`batch ${i}`))));
    for (const alert of alerts) {
      await alertAt(federation, 'ID', alert.id, (a) => expect(a.deliveries.map((d) => [d.agency, d.deliveredVersion])).toEqual([['AU', 1], ['TH', 1]]), windowMs + 10_000);
    }
    expect(fromAuAt('ID') - before.AU).toBe(1);
    expect((federation.intel('ID').link.stats().peers.TH?.deliveredIn ?? 0) - before.TH).toBe(1);
    // Each receipt is audited at the originator as before, one entry per alert and recipient.
    const text = await readFile(federation.intel('ID').audit.path, 'utf8');
    for (const alert of alerts) for (const agency of ['AU', 'TH']) expect(text).toContain(`"action":"delivered","actor":"${agency}","subject":"alert:${alert.id}"`);
  });

  it('refuses a forged batch: signed with a key that is not AU\'s', async () => {
    const alert = await publish(federation, 'ID', ['AU'], vesselAlert('forged batch'));
    const forged = forge(batchFromAu([{ alertId: alert.id, version: 1 }]), 'AU', generateAgencyIdentity(), Capability.Intel);
    expect(await attempt(asAu, subjectTo('ID'), forged.data, forged.headers)).toContain('"reason":"bad-signature"');
    expect(rejectedAt('ID')['bad-signature']).toBe(1);
  });

  it('stores a replayed batch once, and refuses its id under other content', async () => {
    const alert = await publish(federation, 'ID', ['AU'], vesselAlert('replayed batch'));
    await alertAt(federation, 'ID', alert.id, (a) => expect(a.deliveries[0]?.deliveredVersion).toBe(1), windowMs + 10_000);
    const event = batchFromAu([{ alertId: alert.id, version: 1 }]);
    const signed = signEvent(event, { origin: 'AU', capability: Capability.Intel, signingKey: au.signingKey }, new HybridLogicalClock().tick());
    const stored = fromAuAt('ID');
    const honest = withSignature(signed.data, signed.signature);
    expect(await attempt(asAu, subjectTo('ID'), honest.data, honest.headers)).toBe(JSON.stringify({ ok: true, duplicate: false }));
    expect(await attempt(asAu, subjectTo('ID'), honest.data, honest.headers)).toBe(JSON.stringify({ ok: true, duplicate: true }));
    expect(fromAuAt('ID')).toBe(stored + 1);
    const other = signEvent(batchFromAu([{ alertId: alert.id, version: 1 }]), { origin: 'AU', capability: Capability.Intel, signingKey: au.signingKey }, new HybridLogicalClock().tick(), signed.envelope.id);
    const replayed = withSignature(other.data, other.signature);
    expect(await attempt(asAu, subjectTo('ID'), replayed.data, replayed.headers)).toContain('"reason":"replay"');
    expect(rejectedAt('ID').replay).toBe(1);
    expect(fromAuAt('ID')).toBe(stored + 1);
  });

  it('refuses a wrongly addressed batch: sent to an agency it does not name, for alerts its receiver did not publish, or for an alert not released to its sender', async () => {
    const forAu = await publish(federation, 'ID', ['AU'], vesselAlert('for AU'));
    const forThOnly = await publish(federation, 'ID', ['TH'], vesselAlert('for TH only'));
    const ofTh = await publish(federation, 'TH', ['AU', 'ID'], vesselAlert('TH\'s own'));
    await alertAt(federation, 'AU', ofTh.id);
    // Addressed to ID, delivered to TH.
    const toId = forge(batchFromAu([{ alertId: ofTh.id, version: 1 }]), 'AU', au, Capability.Intel);
    expect(await attempt(asAu, subjectTo('TH'), toId.data, toId.headers)).toContain('"reason":"not-recipient"');
    expect(rejectedAt('TH')['not-recipient']).toBe(1);
    // Receipts for TH's alert, to ID, which did not publish it.
    const notIds = forge(batchFromAu([{ alertId: ofTh.id, version: 1 }]), 'AU', au, Capability.Intel);
    expect(await attempt(asAu, subjectTo('ID'), notIds.data, notIds.headers)).toContain(`receipt for alert ${ofTh.id}, which ID did not publish`);
    // One good receipt and one for an alert AU never received: the whole batch is refused.
    const mixed = forge(batchFromAu([{ alertId: forAu.id, version: 1 }, { alertId: forThOnly.id, version: 1 }]), 'AU', au, Capability.Intel);
    expect(await attempt(asAu, subjectTo('ID'), mixed.data, mixed.headers)).toContain(`AU is not a recipient of alert ${forThOnly.id}`);
    expect(rejectedAt('ID').refused).toBe(2);
    await waitFor(() => expect(federation.intel('ID').book.get(forThOnly.id)?.deliveries.get('TH')?.deliveredVersion).toBe(1), windowMs + 10_000);
    expect(federation.intel('ID').book.get(forThOnly.id)?.deliveries.has('AU')).toBe(false);
  });
});
