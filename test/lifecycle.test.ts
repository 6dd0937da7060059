import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headers } from 'nats';
import { ActionKind, CreateOperationRequest, OperationStatus, PlanActionRequest, ResponseKind } from '@concord/contracts/planning';
import { HybridLogicalClock } from '@concord/clock';
import { decodeReply, FederationSubjects, SignatureHeader, signEvent } from '@concord/federation';
import { generateAgencyIdentity, loadAgencyIdentity } from '@concord/identity';
import { TestFederation } from '@concord/testkit';
import { toWire } from '@concord/planning';
import { accept, converged, createOperation, failureOf, nextMonth, operationAt, planning, planningCodecOf, timelineOf } from './planning-helpers.js';

const members = ['AU', 'ID', 'TH', 'MY', 'UNODC'];


describe('operation lifecycle across four participants and a supporter', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID', 'TH', 'MY', 'NZ', 'UNODC'] });
  });
  afterAll(() => federation?.stop());

  it('proposed, accepted by all, agreed, active when the period starts, actions released: every member holds the same timeline in the same order', async () => {
    const start = new Date(Date.now() + 3_000);
    const period = { start, end: new Date(start.getTime() + 7 * 86_400_000) };
    const proposed = await createOperation(federation, 'AU', ['ID', 'TH', 'MY'], 'Coral Tide', { supporters: ['UNODC'], coChairs: ['AU', 'ID'], period });
    expect(proposed).toMatchObject({ status: OperationStatus.OPERATION_STATUS_PROPOSED, version: 1, coChairs: ['AU', 'ID'], supporters: ['UNODC'] });

    for (const participant of ['ID', 'TH', 'MY']) {
      await operationAt(federation, participant, proposed.id);
      await accept(federation, participant, proposed.id, 1);
    }
    const agreed = await operationAt(federation, 'UNODC', proposed.id, (o) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_AGREED));
    expect(agreed.responses.map((r) => [r.agency, r.kind])).toEqual(['AU', 'ID', 'MY', 'TH'].map((id) => [id, ResponseKind.RESPONSE_KIND_ACCEPTED]));
    for (const member of members) await operationAt(federation, member, proposed.id, (o) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_ACTIVE), 15_000);

    // Active: each participant releases a national action.
    await Promise.all(
      ['AU', 'ID', 'TH', 'MY'].map(async (agency) => {
        const window = { start: new Date(start.getTime() + 86_400_000), end: new Date(start.getTime() + 2 * 86_400_000) };
        const { action } = await planning(federation, agency, 'planAction', PlanActionRequest.fromPartial({ operationId: proposed.id, kind: ActionKind.ACTION_KIND_BORDER_CHECK, window, jurisdiction: agency, leadUnit: `${agency} border unit` }));
        await planning(federation, agency, 'releaseAction', { actionId: action!.id, acknowledgeOutsidePeriod: false });
      }),
    );

    const timeline = await converged(federation, members, proposed.id, 10);
    expect(timeline.map((e) => `${e.originAgency} ${e.type}`)).toEqual([
      'AU operation.proposed',
      ...timeline.slice(1, 4).map((e) => `${e.originAgency} operation.accepted`),
      'AU operation.agreed',
      'AU operation.activated',
      ...timeline.slice(6).map((e) => `${e.originAgency} action.released`),
    ]);
    expect(timeline.slice(1, 4).map((e) => e.originAgency).sort()).toEqual(['ID', 'MY', 'TH']);
    expect(timeline.slice(6).map((e) => e.originAgency).sort()).toEqual(['AU', 'ID', 'MY', 'TH']);
    expect(await timelineOf(federation, 'NZ')).toEqual([]);
  });

  it('a short period: agreed, active when it starts, concluded when it ends, each recorded by the lead', async () => {
    const start = new Date(Date.now() + 2_000);
    const operation = await createOperation(federation, 'AU', ['ID'], 'Short', { period: { start, end: new Date(start.getTime() + 2_000) } });
    await operationAt(federation, 'ID', operation.id);
    await accept(federation, 'ID', operation.id, 1);
    await operationAt(federation, 'ID', operation.id, (o) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_CONCLUDED), 15_000);
    const timeline = await converged(federation, ['AU', 'ID'], operation.id, 5);
    expect(timeline.map((e) => `${e.originAgency} ${e.type}`)).toEqual(['AU operation.proposed', 'ID operation.accepted', 'AU operation.agreed', 'AU operation.activated', 'AU operation.concluded']);
    expect(timeline[3]!.issuedAt!.getTime()).toBeGreaterThanOrEqual(start.getTime());
  });

  it('a decline, then a period change by a co-chair, then re-acceptance by all', async () => {
    const operation = await createOperation(federation, 'AU', ['ID', 'TH', 'MY']);
    await operationAt(federation, 'TH', operation.id);
    await accept(federation, 'ID', operation.id, 1);
    await planning(federation, 'TH', 'respondToOperation', { operationId: operation.id, version: 1, response: ResponseKind.RESPONSE_KIND_DECLINED, reason: 'Songkran holidays fall in the period', counterPeriod: undefined });
    const declined = await operationAt(federation, 'AU', operation.id, (o) => expect(o.responses.find((r) => r.agency === 'TH')?.kind).toBe(ResponseKind.RESPONSE_KIND_DECLINED));
    expect(declined.responses.find((r) => r.agency === 'TH')?.reason).toBe('Songkran holidays fall in the period');
    expect(declined.status).toBe(OperationStatus.OPERATION_STATUS_PROPOSED);

    const later = { start: new Date(operation.period!.start!.getTime() + 14 * 86_400_000), end: new Date(operation.period!.end!.getTime() + 14 * 86_400_000) };
    const { operation: changed } = await planning(federation, 'AU', 'changeOperation', { operationId: operation.id, period: later, name: undefined, participants: undefined, supporters: undefined, coChairs: undefined });
    expect(changed).toMatchObject({ version: 2, status: OperationStatus.OPERATION_STATUS_PROPOSED });
    // Acceptance reopened: ID's acceptance of version 1 no longer counts.
    expect(changed!.responses.find((r) => r.agency === 'ID')?.kind).toBe(ResponseKind.RESPONSE_KIND_PENDING);

    for (const participant of ['ID', 'TH', 'MY']) {
      await operationAt(federation, participant, operation.id, (o) => expect(o.version).toBe(2));
      await accept(federation, participant, operation.id, 2);
    }
    const agreed = await operationAt(federation, 'MY', operation.id, (o) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_AGREED));
    expect(agreed.period).toEqual(later);
    const timeline = await converged(federation, ['AU', 'ID', 'TH', 'MY'], operation.id, 8);
    expect(timeline.map((e) => e.type)).toEqual(['operation.proposed', 'operation.accepted', 'operation.declined', 'operation.changed', ...Array(3).fill('operation.accepted'), 'operation.agreed']);
  });

  it('refuses bad input with clear errors', async () => {
    const { start, end } = nextMonth();
    const backwards = await failureOf(planning(federation, 'AU', 'createOperation', CreateOperationRequest.fromPartial({ name: 'X', participants: ['ID'], period: { start: end, end: start } })));
    expect(backwards).toMatchObject({ code: 3, message: 'invalid operation: period.end: must be after period.start' });
    const unknown = await failureOf(planning(federation, 'AU', 'createOperation', CreateOperationRequest.fromPartial({ name: 'X', participants: ['ID', 'VN'], period: { start, end } })));
    expect(unknown).toMatchObject({ code: 3, message: 'invalid operation: participants[1]: VN is not an agency of the federation' });

    const operation = await createOperation(federation, 'AU', ['ID', 'TH']);
    await operationAt(federation, 'ID', operation.id);
    expect(await failureOf(planning(federation, 'ID', 'changeOperation', { operationId: operation.id, name: 'Mine now', period: undefined, participants: undefined, supporters: undefined, coChairs: undefined }))).toMatchObject({ code: 7, message: 'only a co-chair (AU) may change the operation' });
    expect(await failureOf(accept(federation, 'ID', operation.id, 2))).toMatchObject({ code: 9, message: 'the operation is at version 1; the response was to version 2' });
    expect(await failureOf(accept(federation, 'NZ', operation.id, 1))).toMatchObject({ code: 5 });

    // A compromised AU service tries to accept for ID, then to forge ID's acceptance.
    const inside = await federation.connectAgency('AU');
    const auKeys = await loadAgencyIdentity(federation.prepared.paths.agency('AU').keysDir);
    const auCodec = await planningCodecOf(federation, 'AU');
    const send = async (origin: string, participant: string, key: typeof auKeys) => {
      const acceptance = toWire(auCodec, { type: 'operation.accepted', by: origin, operationId: operation.id, version: 1, participant, at: new Date() }, ['ID', 'TH']);
      const signed = signEvent(acceptance, { origin, capability: 'planning', signingKey: key.signingKey }, new HybridLogicalClock().tick());
      const h = headers();
      h.set(SignatureHeader, signed.signature);
      return decodeReply((await inside.request(FederationSubjects.delivery('TH', origin, 'planning', acceptance.type), signed.data, { headers: h, timeout: 2_000 })).data);
    };
    expect(await send('AU', 'ID', auKeys)).toMatchObject({ ok: false, reason: 'refused', detail: 'AU cannot respond for ID' });
    expect(await send('AU', 'AU', generateAgencyIdentity())).toMatchObject({ ok: false, reason: 'bad-signature' });
    const th = await operationAt(federation, 'TH', operation.id);
    expect(th.responses.find((r) => r.agency === 'ID')?.kind).toBe(ResponseKind.RESPONSE_KIND_PENDING);
  });
});
