/**
 * Benchmark: the CPU a recipient spends on the pure checks of one caught-up timeline event, without
 * servers: the door's verification (size, subject, JSON, envelope schema, Ed25519) and the planning
 * codec's opening (box schema, X25519, HKDF, two AES-GCM, the sealed content's schemas), as
 * `bench/timeline.ts` sends them (an `action.released` from AU to MY). CPU time from
 * `process.cpuUsage()`, so the load of other work on the machine distorts it little.
 *
 *   npx tsx bench/receive-checks.ts     (BENCH_EVENTS, default 5000; BENCH_REPEATS, default 5, best kept)
 *
 * Agency processes run with `--max-semi-space-size=1` (packages/launcher); to see its share, run
 * `node --max-semi-space-size=1 --import tsx bench/receive-checks.ts`.
 */
import { generateAgencyIdentity } from '@concord/identity';
import { FederationSubjects, signEvent, verifyDelivery, type SignedEvent } from '@concord/federation';
import type { TrustedManifest } from '@concord/manifest';
import { createPlanningCodec, toWire } from '@concord/planning';

const events = Number(process.env.BENCH_EVENTS ?? 5000);
const repeats = Number(process.env.BENCH_REPEATS ?? 5);
const ids = ['AU', 'MY'] as const;
const identities = { AU: generateAgencyIdentity(), MY: generateAgencyIdentity() };
const trust: TrustedManifest = {
  federation: { name: 'Bench' },
  hub: { name: 'hub' },
  agencies: ids.map((id) => ({ id, name: id, country: id, role: 'participant' as const, timeZone: 'UTC', keys: identities[id].publicKeys })),
};
const sender = createPlanningCodec({ agency: 'AU', encryptionKey: identities.AU.encryptionKey }, trust);
const context = { me: 'MY', capability: 'planning' as const, trust, maxBytes: 64 * 1024 };
const subject = FederationSubjects.delivery('MY', 'AU', 'planning', 'sealed');
const operationId = 'op-bench';
const window = { start: new Date('2026-12-01T00:00:00Z'), end: new Date('2026-12-02T00:00:00Z') };

function released(n: number): SignedEvent {
  const action = { id: `a-${n}`, agency: 'AU', kind: 'port-inspection' as const, window, jurisdiction: 'AU-NSW', status: 'planned' as const, outsidePeriod: false };
  const wire = toWire(sender, { type: 'action.released', by: 'AU', at: new Date(), operationId, action }, ['MY']);
  return signEvent(wire, { origin: 'AU', capability: 'planning', signingKey: identities.AU.signingKey }, { wall: Date.now(), logical: n });
}

const cpuUs = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** Best of `repeats` rounds over fresh codecs (a recipient opens each event once), in us per event. */
function measure(round: (batch: readonly SignedEvent[]) => void, batch: readonly SignedEvent[]): number {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = cpuUs();
    round(batch);
    best = Math.min(best, (cpuUs() - start) / batch.length);
  }
  return best;
}

const batch = Array.from({ length: events }, (_, n) => released(n));
const verifyAll = (list: readonly SignedEvent[]) => {
  for (const event of list) if (!verifyDelivery({ subject, data: event.data, signature: event.signature }, context).ok) throw new Error('refused');
};
const openAll = (list: readonly SignedEvent[]) => {
  const codec = createPlanningCodec({ agency: 'MY', encryptionKey: identities.MY.encryptionKey }, trust);
  for (const event of list) codec.decode(event);
};
verifyAll(batch.slice(0, 200));
openAll(batch.slice(0, 200));
const verify = measure(verifyAll, batch);
const open = measure(openAll, batch);
console.log(`${events} events, best of ${repeats}: verify at the door ${verify.toFixed(1)} us, open and check ${open.toFixed(1)} us, together ${(verify + open).toFixed(1)} us of CPU per event`);
