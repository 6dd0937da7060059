import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionKind, CreateOperationRequest, IdentifierKind, PlanActionRequest, ProposeJointPlanRequest, type Operation } from '@concord/contracts/planning';
import { TestFederation, waitFor } from '@concord/testkit';
import { accept, failureOf, operationAt, planning, timelineOf } from './planning-helpers.js';

const day = 86_400_000;
const identifiers = ['9074729', '9176187', 'A1234567', 'B7654321'];
const planCanary = 'CANARY-jip-informant-Wirawan';


describe('joint investigation plans and blind deconfliction', () => {
  let federation: TestFederation;
  let operation: Operation;
  const hub: string[] = [];
  const start = new Date(Date.now() + 2 * day);
  const window = (from: number, days: number) => ({ start: new Date(start.getTime() + from * day), end: new Date(start.getTime() + (from + days) * day) });

  const plan = async (agency: string, kind: ActionKind, from: number, days: number, location = '') => {
    const { action } = await planning(federation, agency, 'planAction', PlanActionRequest.fromPartial({ operationId: operation.id, kind, window: window(from, days), jurisdiction: agency, leadUnit: `${agency} unit`, location }));
    return action!.id;
  };
  const register = (agency: string, actionId: string, kind: IdentifierKind, value: string, contact: string) =>
    planning(federation, agency, 'registerTarget', { operationId: operation.id, actionId, kind, value, contact });
  const notices = async (agency: string) => (await planning(federation, agency, 'listNotices', { operationId: operation.id })).notices;

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID', 'TH', 'MY', 'NZ', 'UNODC'] });
    for (const account of federation.agencyIds) {
      const nc = await federation.connectHub(account);
      nc.subscribe('>', { callback: (_e, m) => hub.push(new TextDecoder().decode(m.data)) });
    }
    ({ operation } = (await planning(federation, 'AU', 'createOperation', CreateOperationRequest.fromPartial({ name: 'Coral Tide', participants: ['ID', 'TH', 'MY'], supporters: ['UNODC'], period: { start, end: new Date(start.getTime() + 28 * day) } }))) as { operation: Operation });
    // Before agreement there is no key, and nothing can be registered.
    await operationAt(federation, 'ID', operation.id);
    const early = await plan('ID', ActionKind.ACTION_KIND_BORDER_CHECK, 1, 1);
    expect(await failureOf(register('ID', early, IdentifierKind.IDENTIFIER_KIND_VESSEL_IMO, '9074729', 'desk'))).toMatchObject({ code: 9, message: 'deconfliction opens once every participant has agreed the operation' });
    for (const agency of ['ID', 'TH', 'MY']) await accept(federation, agency, operation.id, 1);
    // Agreed: the lead hands every participant the operation's key.
    for (const agency of ['AU', 'ID', 'TH', 'MY']) await waitFor(() => expect(federation.planning(agency).projection.view(operation.id).deconfliction.key).toBeDefined());
    await operationAt(federation, 'UNODC', operation.id);
  });
  afterAll(() => federation?.stop());

  it('a joint plan between ID and TH is read by both and by no other agency', async () => {
    const linked = await plan('ID', ActionKind.ACTION_KIND_ARREST_OPERATION, 2, 2);
    const { plan: proposed } = await planning(
      federation,
      'ID',
      'proposeJointPlan',
      ProposeJointPlanRequest.fromPartial({
        operationId: operation.id,
        title: 'Visa-fraud route Jakarta to Bangkok',
        parties: ['TH'],
        objectives: ['Identify the document supplier', `Protect the source ${planCanary}`],
        contacts: [{ agency: 'ID', name: 'AKBP Rina', details: '+62 21 555 0101' }, { agency: 'TH', name: 'Pol. Col. Anan', details: '+66 2 555 0101' }],
        linkedActionIds: [linked],
      }),
    );
    expect(proposed).toMatchObject({ version: 1, parties: ['ID', 'TH'], agreed: false, linkedActionIds: [linked] });
    const atTh = await waitFor(async () => {
      const { plans } = await planning(federation, 'TH', 'listJointPlans', { operationId: operation.id });
      expect(plans).toHaveLength(1);
      return plans[0]!;
    });
    expect(atTh.objectives).toContain(`Protect the source ${planCanary}`);
    await planning(federation, 'TH', 'acceptJointPlan', { operationId: operation.id, planId: atTh.id, version: 1 });
    await waitFor(async () => expect((await planning(federation, 'ID', 'listJointPlans', { operationId: operation.id })).plans[0]?.agreed).toBe(true));

    for (const outsider of ['AU', 'MY', 'UNODC']) {
      expect((await planning(federation, outsider, 'listJointPlans', { operationId: operation.id })).plans).toEqual([]);
      expect((await timelineOf(federation, outsider, operation.id)).filter((e) => e.type.startsWith('jip.'))).toEqual([]);
    }
    expect((await timelineOf(federation, 'TH', operation.id)).filter((e) => e.type.startsWith('jip.')).map((e) => e.originAgency)).toEqual(['ID', 'TH']);
    expect(hub.join('\n')).not.toContain(planCanary);
    expect(hub.join('\n')).not.toContain('AKBP Rina');
  });

  it('two agencies registering the same vessel are both told, with the other\'s action and contact; a third learns nothing', async () => {
    const idAction = await plan('ID', ActionKind.ACTION_KIND_VESSEL_INTERDICTION, 3, 2);
    const thAction = await plan('TH', ActionKind.ACTION_KIND_VESSEL_INTERDICTION, 4, 3);
    const myAction = await plan('MY', ActionKind.ACTION_KIND_PORT_INSPECTION, 4, 1);
    await register('MY', myAction, IdentifierKind.IDENTIFIER_KIND_VESSEL_IMO, '9176187', 'MY maritime desk');
    await register('MY', myAction, IdentifierKind.IDENTIFIER_KIND_PASSPORT, 'MYS:B7654321', 'MY maritime desk');
    await register('ID', idAction, IdentifierKind.IDENTIFIER_KIND_VESSEL_IMO, 'IMO 9074729', 'ID navy duty officer');
    await register('ID', idAction, IdentifierKind.IDENTIFIER_KIND_PASSPORT, 'IDN:A1234567', 'ID navy duty officer');
    await register('TH', thAction, IdentifierKind.IDENTIFIER_KIND_VESSEL_IMO, '907-4729', 'TH marine police desk');

    const atId = await waitFor(async () => {
      const list = await notices('ID');
      expect(list).toHaveLength(1);
      return list[0]!;
    });
    expect(atId).toMatchObject({ scope: 'target', myActionId: idAction, otherAgency: 'TH', otherActionId: thAction, otherActionKind: ActionKind.ACTION_KIND_VESSEL_INTERDICTION, otherContact: 'TH marine police desk' });
    const atTh = await waitFor(async () => {
      const list = await notices('TH');
      expect(list).toHaveLength(1);
      return list[0]!;
    });
    expect(atTh).toMatchObject({ myActionId: thAction, otherAgency: 'ID', otherActionId: idAction, otherContact: 'ID navy duty officer' });

    // Every exchange has settled: each participant sent its tokens to each other participant.
    await waitFor(() => {
      for (const agency of ['ID', 'TH', 'MY']) {
        const sent = federation.planning(agency).projection.view(operation.id).deconfliction.tokens.filter((t) => t.by === agency);
        expect(new Set(sent.map((t) => t.to)).size).toBe(3);
      }
    });
    expect(await notices('MY')).toEqual([]);
    expect(await notices('AU')).toEqual([]);

    const operationKey = federation.planning('AU').projection.view(operation.id).deconfliction.key!;
    const captured = hub.join('\n');
    expect(captured.length).toBeGreaterThan(0);
    for (const raw of [...identifiers, 'IDN:A1234567', 'MYS:B7654321', '907-4729']) expect(captured).not.toContain(raw);
    for (const encoding of ['base64url', 'base64', 'hex'] as const) expect(captured).not.toContain(operationKey.toString(encoding));
    expect(captured).not.toContain('marine police desk');
  });

  it('actions at the same place in overlapping windows raise a notice to both; apart in time, none', async () => {
    const release = async (agency: string, from: number, days: number, locode: string) => {
      const id = await plan(agency, ActionKind.ACTION_KIND_PORT_INSPECTION, from, days, locode);
      await planning(federation, agency, 'releaseAction', { actionId: id, acknowledgeOutsidePeriod: false });
      return id;
    };
    const my = await release('MY', 10, 3, 'SGSIN');
    const th = await release('TH', 12, 2, 'SGSIN');
    await release('AU', 20, 2, 'SGSIN');
    await waitFor(async () => expect((await notices('MY')).filter((n) => n.scope === 'place').map((n) => [n.myActionId, n.otherAgency, n.otherActionId])).toEqual([[my, 'TH', th]]));
    await waitFor(async () => expect((await notices('TH')).filter((n) => n.scope === 'place').map((n) => [n.myActionId, n.otherAgency, n.otherActionId])).toEqual([[th, 'MY', my]]));
    await waitFor(() => {
      const sent = federation.planning('AU').projection.view(operation.id).deconfliction.tokens.filter((t) => t.by === 'AU' && t.entries.some((e) => e.scope === 'place'));
      expect(sent).toHaveLength(3);
    });
    expect((await notices('AU')).filter((n) => n.scope === 'place')).toEqual([]);
    expect(hub.join('\n')).not.toContain('SGSIN');
  });

  it('refuses identifiers it cannot read, other agencies\' actions, and supporters', async () => {
    const own = await plan('ID', ActionKind.ACTION_KIND_BORDER_CHECK, 5, 1);
    const thAction = await plan('TH', ActionKind.ACTION_KIND_BORDER_CHECK, 5, 1);
    expect(await failureOf(register('ID', own, IdentifierKind.IDENTIFIER_KIND_VESSEL_IMO, 'IMO 9074728', 'desk'))).toMatchObject({ code: 3, message: 'invalid identifier: value: is not a valid IMO number (its check digit is wrong)' });
    expect(await failureOf(register('ID', thAction, IdentifierKind.IDENTIFIER_KIND_PHONE, '0812 3456 7890', 'desk'))).toMatchObject({ code: 3 });
    expect(await failureOf(register('ID', own, IdentifierKind.IDENTIFIER_KIND_PLACE, 'IDJKT', 'desk'))).toMatchObject({ code: 3 });
    expect(await failureOf(register('UNODC', own, IdentifierKind.IDENTIFIER_KIND_PHONE, '+62 812 3456 7890', 'desk'))).toMatchObject({ code: 7 });
    const { registration } = await register('ID', own, IdentifierKind.IDENTIFIER_KIND_PHONE, '0812 3456 7890', 'desk');
    expect(registration!.value).toBe('+6281234567890');
  });
});
