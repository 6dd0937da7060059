import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headers } from 'nats';
import { ActionKind, ActionStatus, ChangeOperationRequest, ExportFormat, CreateOperationRequest, OperationStatus, PlanActionRequest, ResponseKind, UpdateActionRequest } from '@concord/contracts/planning';
import { HybridLogicalClock } from '@concord/clock';
import { decodeReply, FederationSubjects, SignatureHeader, signEvent } from '@concord/federation';
import { generateAgencyIdentity, loadAgencyIdentity } from '@concord/identity';
import { TestFederation, waitFor } from '@concord/testkit';
import { toWire } from '@concord/planning';
import { accept, callOnce, converged, createOperation, failureOf, nextMonth, operationAt, planning, planningCodecOf, timelineOf } from './planning-helpers.js';

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
    // On a slow machine the period may have begun by the last acceptance: agreed, or already active (the timeline below shows agreed came first).
    const agreed = await operationAt(federation, 'UNODC', proposed.id, (o) => expect([OperationStatus.OPERATION_STATUS_AGREED, OperationStatus.OPERATION_STATUS_ACTIVE]).toContain(o.status));
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
  const day = 86_400_000;
  const shifted = (period: { start: Date; end: Date }, days: number) => ({ start: new Date(period.start.getTime() + days * day), end: new Date(period.end.getTime() + days * day) });
  const planFor = (agency: string, operationId: string, window: { start: Date; end: Date }, jurisdiction = agency) =>
    planning(federation, agency, 'planAction', PlanActionRequest.fromPartial({ operationId, kind: ActionKind.ACTION_KIND_BORDER_CHECK, window, jurisdiction, leadUnit: `${agency} unit` }));
  const changeOf = (operationId: string, change: Partial<ChangeOperationRequest>) => planning(federation, 'AU', 'changeOperation', ChangeOperationRequest.fromPartial({ operationId, ...change }));

  it('refuses an operation proposed by an agency that does not take part in operations, at the source', async () => {
    const refused = await failureOf(createOperation(federation, 'NZ', ['AU', 'ID']));
    expect(refused).toMatchObject({ code: 7, message: 'NZ is not a participating agency (its role is member): only participating agencies create operations' });
    expect((await planning(federation, 'NZ', 'listOperations', {})).operations).toEqual([]);
  });

  it('keeps the co-chairs in the order given, and refuses an order that would make another agency lead, saying how to get it', async () => {
    const refused = await failureOf(createOperation(federation, 'AU', ['ID', 'TH'], 'Reordered', { coChairs: ['ID', 'AU'] }));
    expect(refused).toMatchObject({ code: 3, fields: ['co_chairs[0]'] });
    expect(refused.message).toContain('give AU,ID; for ID to lead, ID creates the operation');
    const operation = await createOperation(federation, 'AU', ['ID', 'TH'], 'Ordered', { coChairs: ['AU', 'TH'] });
    expect(operation).toMatchObject({ coChairs: ['AU', 'TH'], leadAgency: 'AU' });
    expect(await failureOf(changeOf(operation.id, { coChairs: { ids: ['TH', 'AU'] } }))).toMatchObject({ code: 3, fields: ['co_chairs[0]'] });
  });

  it('judges released actions against the new period once a change moves it', async () => {
    const operation = await createOperation(federation, 'AU', ['ID']);
    await operationAt(federation, 'ID', operation.id);
    const period = { start: operation.period!.start!, end: operation.period!.end! };
    const { action } = await planFor('ID', operation.id, { start: new Date(period.start.getTime() + day), end: new Date(period.start.getTime() + 2 * day) });
    await planning(federation, 'ID', 'releaseAction', { actionId: action!.id, acknowledgeOutsidePeriod: false });
    await waitFor(async () => expect((await planning(federation, 'AU', 'listActions', { operationId: operation.id })).actions).toHaveLength(1));
    await changeOf(operation.id, { period: shifted(period, 14) });
    for (const agency of ['AU', 'ID']) {
      await waitFor(async () => {
        const [seen] = (await planning(federation, agency, 'listActions', { operationId: operation.id })).actions;
        expect(seen).toMatchObject({ id: action!.id, outsidePeriod: true });
      });
    }
    await changeOf(operation.id, { period });
    await waitFor(async () => expect((await planning(federation, 'AU', 'listActions', { operationId: operation.id })).actions[0]!.outsidePeriod).toBe(false));
  });

  it('refuses to mark an action started or completed before its window opens', async () => {
    const operation = await createOperation(federation, 'AU', ['ID']);
    await operationAt(federation, 'ID', operation.id);
    await accept(federation, 'ID', operation.id, 1);
    await operationAt(federation, 'ID', operation.id, (o) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_AGREED));
    const window = { start: new Date(operation.period!.start!.getTime() + day), end: new Date(operation.period!.start!.getTime() + 2 * day) };
    const { action } = await planFor('ID', operation.id, window);
    for (const status of [ActionStatus.ACTION_STATUS_STARTED, ActionStatus.ACTION_STATUS_COMPLETED]) {
      const refused = await failureOf(planning(federation, 'ID', 'updateAction', UpdateActionRequest.fromPartial({ actionId: action!.id, status })));
      expect(refused.code).toBe(9);
    }
    expect((await failureOf(planning(federation, 'ID', 'updateAction', UpdateActionRequest.fromPartial({ actionId: action!.id, status: ActionStatus.ACTION_STATUS_STARTED })))).message).toBe(
      `the action cannot be started before its window opens (${window.start.toISOString()}); if it began earlier, move its window start first`,
    );
    // Begun early: its window moves to now, and then it starts.
    const { action: started } = await planning(federation, 'ID', 'updateAction', UpdateActionRequest.fromPartial({ actionId: action!.id, window: { start: new Date(Date.now() - 60_000), end: window.end }, status: ActionStatus.ACTION_STATUS_STARTED }));
    expect(started!.status).toBe(ActionStatus.ACTION_STATUS_STARTED);
  });

  it('plans actions only in ISO 3166 jurisdictions of the acting agency\'s own country', async () => {
    const operation = await createOperation(federation, 'AU', ['ID', 'MY']);
    await operationAt(federation, 'MY', operation.id);
    const window = { start: new Date(operation.period!.start!.getTime() + day), end: new Date(operation.period!.start!.getTime() + 2 * day) };
    expect(await failureOf(planFor('MY', operation.id, window, 'XX-YY'))).toMatchObject({ code: 3, fields: ['jurisdiction'], message: 'invalid action: jurisdiction: XX-YY is not an ISO 3166-1 country or ISO 3166-2 subdivision code (for example ID or ID-JK)' });
    expect(await failureOf(planFor('MY', operation.id, window, 'MY-99'))).toMatchObject({ code: 3, fields: ['jurisdiction'] });
    expect(await failureOf(planFor('MY', operation.id, window, 'TH'))).toMatchObject({ code: 3, fields: ['jurisdiction'], message: 'invalid action: jurisdiction: TH lies outside MY: an agency plans actions in its own country (MY or MY-...)' });
    expect(await failureOf(planFor('MY', operation.id, window, 'TH-83'))).toMatchObject({ code: 3, fields: ['jurisdiction'] });
    expect((await planFor('MY', operation.id, window, 'MY-12')).action!.jurisdiction).toBe('MY-12');
  });

  it('deletes a draft, and cancels a proposal on every member\'s timeline; nothing is planned in it after', async () => {
    const draft = await createOperation(federation, 'AU', ['ID'], 'Draft', { draft: true });
    expect((await planning(federation, 'AU', 'cancelOperation', { operationId: draft.id, reason: '' })).operation!.status).toBe(OperationStatus.OPERATION_STATUS_DRAFT);
    expect(await failureOf(planning(federation, 'AU', 'getOperation', { operationId: draft.id }))).toMatchObject({ code: 5 });

    const operation = await createOperation(federation, 'AU', ['ID', 'TH'], 'Called off', { coChairs: ['AU', 'ID'] });
    await operationAt(federation, 'TH', operation.id);
    expect(await failureOf(planning(federation, 'TH', 'cancelOperation', { operationId: operation.id, reason: '' }))).toMatchObject({ code: 7, message: `only a co-chair (AU, ID) may cancel operation ${operation.id}` });
    await planning(federation, 'ID', 'cancelOperation', { operationId: operation.id, reason: 'Funding withdrawn' });
    for (const agency of ['AU', 'ID', 'TH']) await operationAt(federation, agency, operation.id, (o) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_CANCELLED));
    const timeline = await converged(federation, ['AU', 'ID', 'TH'], operation.id, 2);
    expect(timeline[1]).toMatchObject({ originAgency: 'ID', type: 'operation.cancelled', summary: 'ID cancelled the operation (v1): Funding withdrawn' });
    expect(await failureOf(planFor('TH', operation.id, nextMonth()))).toMatchObject({ code: 9, message: `operation ${operation.id} is cancelled` });
    expect(await failureOf(accept(federation, 'TH', operation.id, 1))).toMatchObject({ code: 9 });
    const { content } = await planning(federation, 'TH', 'exportTimeline', { operationId: operation.id, format: ExportFormat.EXPORT_FORMAT_ICALENDAR });
    expect(content.toString()).toMatch(/SUMMARY:Called off: designated period \(cancelled\)[\s\S]*STATUS:CANCELLED|STATUS:CANCELLED[\s\S]*SUMMARY:Called off: designated period \(cancelled\)/);
  });

  it('lets a co-chair conclude an agreed operation early, and records one that took place, concluded by a co-chair, so both can be debriefed', async () => {
    const early = await createOperation(federation, 'AU', ['ID'], 'Early', { coChairs: ['AU', 'ID'] });
    await operationAt(federation, 'ID', early.id);
    expect(await failureOf(planning(federation, 'ID', 'concludeOperation', { operationId: early.id, reason: '' }))).toMatchObject({ code: 9 });
    await accept(federation, 'ID', early.id, 1);
    await operationAt(federation, 'ID', early.id, (o) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_AGREED));
    await planning(federation, 'ID', 'concludeOperation', { operationId: early.id, reason: 'Targets arrested ahead of the period' });
    await operationAt(federation, 'AU', early.id, (o) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_CONCLUDED));
    await callOnce(federation.debriefClient('AU'), 'openDebrief', { operationId: early.id });

    const past = { start: new Date('2015-05-01T00:00:00Z'), end: new Date('2015-05-31T00:00:00Z') };
    expect(await failureOf(createOperation(federation, 'AU', ['TH'], 'Old', { period: past }))).toMatchObject({ code: 3, fields: ['period.end'] });
    expect(await failureOf(createOperation(federation, 'AU', ['TH'], 'Old', { recordedAfterTheFact: true }))).toMatchObject({ code: 3, fields: ['period.end'] });
    const recorded = await createOperation(federation, 'AU', ['TH'], 'Andaman Sea 2015', { period: past, recordedAfterTheFact: true });
    expect(recorded).toMatchObject({ recordedAfterTheFact: true, status: OperationStatus.OPERATION_STATUS_PROPOSED });
    await operationAt(federation, 'TH', recorded.id);
    await accept(federation, 'TH', recorded.id, 1);
    await operationAt(federation, 'TH', recorded.id, (o) => expect(o).toMatchObject({ status: OperationStatus.OPERATION_STATUS_AGREED, recordedAfterTheFact: true }));
    const { action } = await planFor('TH', recorded.id, { start: new Date('2015-05-10T00:00:00Z'), end: new Date('2015-05-12T00:00:00Z') });
    await planning(federation, 'TH', 'releaseAction', { actionId: action!.id, acknowledgeOutsidePeriod: false });
    for (const status of [ActionStatus.ACTION_STATUS_STARTED, ActionStatus.ACTION_STATUS_COMPLETED]) await planning(federation, 'TH', 'updateAction', UpdateActionRequest.fromPartial({ actionId: action!.id, status }));
    // Its period ended long ago, yet it waits for the co-chairs: the clock does not conclude it.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await planning(federation, 'AU', 'getOperation', { operationId: recorded.id })).operation!.status).toBe(OperationStatus.OPERATION_STATUS_AGREED);
    await waitFor(async () => expect((await planning(federation, 'AU', 'listActions', { operationId: recorded.id })).actions[0]?.status).toBe(ActionStatus.ACTION_STATUS_COMPLETED));
    await planning(federation, 'AU', 'concludeOperation', { operationId: recorded.id, reason: 'Recorded in full' });
    await operationAt(federation, 'TH', recorded.id, (o) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_CONCLUDED));
    await callOnce(federation.debriefClient('AU'), 'openDebrief', { operationId: recorded.id });
  });
});
