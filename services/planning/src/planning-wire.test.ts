import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { signEvent } from '@concord/federation';
import { generateAgencyIdentity } from '@concord/identity';
import type { TrustedManifest } from '@concord/manifest';
import type { PlanningEvent } from './domain/planning-event.js';
import { createPlanningCodec, fromWire, planningWire, toWire } from './planning-wire.js';

const ids = ['AU', 'ID', 'TH'] as const;
const identities = Object.fromEntries(ids.map((id) => [id, generateAgencyIdentity()]));
const trust: TrustedManifest = {
  federation: { name: 'Test' },
  hub: { name: 'hub' },
  agencies: ids.map((id) => ({ id, name: id, country: id, role: 'participant' as const, timeZone: 'UTC', keys: identities[id]!.publicKeys })),
};
const codecOf = (agency: (typeof ids)[number]) => createPlanningCodec({ agency, encryptionKey: identities[agency]!.encryptionKey }, trust);
const operationId = crypto.randomUUID();
const at = new Date('2027-02-01T08:00:00.000Z');
const window = { start: new Date('2027-03-05T00:00:00.000Z'), end: new Date('2027-03-08T00:00:00.000Z') };
const operation = { id: operationId, version: 1, name: 'Coral Tide', coChairs: ['AU'], participants: ['AU', 'ID', 'TH'], supporters: [], period: { start: new Date('2027-03-01T00:00:00.000Z'), end: new Date('2027-04-01T00:00:00.000Z') } };
const action = { id: 'action-1', agency: 'AU', kind: 'vessel-interdiction' as const, window, jurisdiction: 'AU-WA', status: 'started' as const, outsidePeriod: false, alert: { id: crypto.randomUUID(), publishedAt: at } };
const common = { by: 'AU', operationId, at };

/** One event of every type the wire table has. */
const events: PlanningEvent[] = [
  { type: 'operation.proposed', by: 'AU', operation, at },
  { type: 'operation.changed', by: 'AU', operation: { ...operation, version: 2, name: 'Coral Tide II' }, at },
  { type: 'operation.accepted', ...common, version: 1, participant: 'AU' },
  { type: 'operation.declined', ...common, version: 1, participant: 'AU', reason: 'not our season' },
  { type: 'operation.counter-proposed', ...common, version: 1, participant: 'AU', reason: 'later', period: window },
  ...(['operation.agreed', 'operation.activated', 'operation.concluded', 'operation.debriefed'] as const).map((type) => ({ type, ...common, version: 1 })),
  { type: 'operation.concluded', ...common, version: 1, reason: 'concluded early' },
  { type: 'operation.cancelled', ...common, version: 1, reason: 'called off' },
  { type: 'milestone.scheduled', ...common, milestone: { id: 'm1', kind: 'initial-planning', title: 'Initial planning meeting', window, location: 'Bangkok' } },
  { type: 'milestone.cancelled', ...common, milestoneId: 'm1' },
  { type: 'action.released', ...common, action },
  { type: 'action.updated', ...common, action: { ...action, status: 'completed' } },
  { type: 'jip.proposed', ...common, planId: 'plan-1', version: 1, parties: ['AU', 'ID'], content: { title: 'Route', objectives: ['Find the supplier'], contacts: [{ agency: 'AU', name: 'Desk', details: '+61' }], linkedActions: ['action-1'] } },
  { type: 'jip.accepted', ...common, planId: 'plan-1', version: 1, party: 'AU' },
  { type: 'deconfliction.key', ...common, key: randomBytes(32), holders: ['AU', 'ID', 'TH'] },
  { type: 'deconfliction.tokens', ...common, to: 'ID', entries: [{ ref: 'r1', token: randomBytes(32).toString('base64url'), scope: 'place', window }] },
  { type: 'deconfliction.match', ...common, to: 'ID', ref: 'r1', matchedRef: 'r2', scope: 'target', action: { id: 'action-1', kind: 'vessel-interdiction', window }, contact: 'AU marine desk' },
  { type: 'request.released', ...common, request: { requestId: crypto.randomUUID(), from: 'AU', to: 'ID', outcome: 'fulfilled', requestedAt: at, closedAt: window.start } },
];

describe('planning events on the wire', () => {
  it('cover every wire type', () => {
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(Object.keys(planningWire)));
  });

  it.each(events.map((event) => [event.type, event] as const))('%s travels sealed, with only its operation in clear, and opens into the same event', (_type, event) => {
    const wire = toWire(codecOf('AU'), event, ['ID']);
    expect(wire).toMatchObject({ type: 'sealed', scope: operationId, recipients: ['ID'] });
    expect((wire.body as { routing: unknown }).routing).toEqual({ operationId });
    const signed = signEvent(wire, { origin: 'AU', capability: 'planning', signingKey: identities.AU!.signingKey }, { wall: at.getTime(), logical: 0 });
    expect(new TextDecoder().decode(signed.data)).not.toMatch(/Coral Tide|vessel-interdiction|2027-03|started|AU-WA|Bangkok|"participants"/);
    for (const agency of ['ID', 'AU'] as const) expect(fromWire(codecOf(agency).decode(signed))).toEqual(event);
    expect(codecOf('TH').refusalOf(signed)).toMatchObject({ reason: 'undecryptable' });
  });
});
