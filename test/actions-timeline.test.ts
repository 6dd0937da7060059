import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ActionKind,
  ActionStatus,
  CreateOperationRequest,
  ExportFormat,
  ListTimelineRequest,
  MilestoneKind,
  PlanActionRequest,
  UpdateActionRequest,
  WatchTimelineRequest,
  type Operation,
  type WatchTimelineResponse,
} from '@concord/contracts/planning';
import { TestFederation, waitFor } from '@concord/testkit';
import { failureOf, operationAt, planning } from './planning-helpers.js';

const day = 86_400_000;
const canary = 'CANARY-informant-Somchai-private-to-TH';


describe('milestones, national actions and the shared timeline', () => {
  let federation: TestFederation;
  let operation: Operation;
  const seenAtHub: string[] = [];
  const start = new Date(Math.ceil((Date.now() + 2 * day) / 60_000) * 60_000);
  const period = { start, end: new Date(start.getTime() + 28 * day) };
  const within = (fromDay: number, days: number) => ({ start: new Date(start.getTime() + fromDay * day), end: new Date(start.getTime() + (fromDay + days) * day) });

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID', 'TH', 'MY', 'NZ', 'UNODC'] });
    for (const account of federation.agencyIds) {
      const nc = await federation.connectHub(account);
      nc.subscribe('>', { callback: (_e, m) => seenAtHub.push(new TextDecoder().decode(m.data)) });
    }
    ({ operation } = (await planning(federation, 'AU', 'createOperation', CreateOperationRequest.fromPartial({ name: 'Coral Tide', participants: ['ID', 'TH', 'MY'], coChairs: ['AU', 'ID'], supporters: ['UNODC'], period }))) as { operation: Operation });
    for (const agency of ['ID', 'TH', 'MY', 'UNODC']) await operationAt(federation, agency, operation.id);
    // Participants plan before they accept: each agency's admin puts itself on the operation's team.
    for (const agency of ['ID', 'TH', 'MY']) await planning(federation, agency, 'addTeamMember', { operationId: operation.id, username: 'admin' });
  });
  afterAll(() => federation?.stop());

  it('co-chairs schedule and cancel milestones that every member sees; others may not', async () => {
    const schedule = (agency: string, title: string, kind: MilestoneKind, window: { start: Date; end: Date }) =>
      planning(federation, agency, 'scheduleMilestone', { operationId: operation.id, milestoneId: '', kind, title, window, location: 'Bangkok' });
    const { milestone: initial } = await schedule('AU', 'Initial planning meeting', MilestoneKind.MILESTONE_KIND_INITIAL_PLANNING, within(0, 1));
    const { milestone: midpoint } = await schedule('ID', 'Mid-point progression session', MilestoneKind.MILESTONE_KIND_PROGRESSION, within(14, 1));
    expect(await failureOf(schedule('TH', 'Not mine to call', MilestoneKind.MILESTONE_KIND_OTHER, within(3, 1)))).toMatchObject({ code: 7, message: 'only a co-chair (AU, ID) may schedule milestones' });
    await planning(federation, 'AU', 'cancelMilestone', { operationId: operation.id, milestoneId: midpoint!.id });
    for (const agency of ['TH', 'UNODC']) {
      await waitFor(async () => {
        const { milestones } = await planning(federation, agency, 'listMilestones', { operationId: operation.id });
        expect(milestones.map((m) => [m.title, m.cancelled])).toEqual([
          ['Initial planning meeting', false],
          ['Mid-point progression session', true],
        ]);
      });
    }
    expect(initial!.kind).toBe(MilestoneKind.MILESTONE_KIND_INITIAL_PLANNING);
  });

  it('an action stays private until released; released, others see its projection and never its details', async () => {
    const { action } = await planning(
      federation,
      'TH',
      'planAction',
      PlanActionRequest.fromPartial({ operationId: operation.id, kind: ActionKind.ACTION_KIND_VESSEL_INTERDICTION, window: within(2, 3), jurisdiction: 'TH', leadUnit: 'Marine Police Division 1', location: 'THLCH', details: { targets: canary, notes: 'boarding team B' } }),
    );
    expect(action).toMatchObject({ released: false, outsidePeriod: false, status: ActionStatus.ACTION_STATUS_PLANNED, details: { targets: canary } });
    expect((await planning(federation, 'MY', 'listActions', { operationId: operation.id })).actions).toEqual([]);

    await planning(federation, 'TH', 'releaseAction', { actionId: action!.id, acknowledgeOutsidePeriod: false });
    for (const agency of ['AU', 'MY', 'UNODC']) {
      const seen = await waitFor(async () => {
        const { actions } = await planning(federation, agency, 'listActions', { operationId: operation.id });
        expect(actions).toHaveLength(1);
        return actions[0]!;
      });
      expect(seen).toMatchObject({ id: action!.id, agency: 'TH', kind: ActionKind.ACTION_KIND_VESSEL_INTERDICTION, jurisdiction: 'TH', released: true, leadUnit: '', location: '', details: undefined });
    }
    expect((await planning(federation, 'TH', 'listActions', { operationId: operation.id })).actions[0]?.details?.targets).toBe(canary);
    expect(seenAtHub.length).toBeGreaterThan(0);
    expect(seenAtHub.join('\n')).not.toContain(canary);
    expect(seenAtHub.join('\n')).not.toContain('Marine Police');
  });

  it('flags a window outside the designated period before release, and releases it flagged only when acknowledged', async () => {
    const { action } = await planning(federation, 'MY', 'planAction', PlanActionRequest.fromPartial({ operationId: operation.id, kind: ActionKind.ACTION_KIND_PORT_INSPECTION, window: within(27, 3), jurisdiction: 'MY-01', leadUnit: 'Marine Operations Force' }));
    expect(action!.outsidePeriod).toBe(true);
    const refused = await failureOf(planning(federation, 'MY', 'releaseAction', { actionId: action!.id, acknowledgeOutsidePeriod: false }));
    expect(refused.code).toBe(9);
    expect(refused.message).toContain('lies outside the designated period');
    await planning(federation, 'MY', 'releaseAction', { actionId: action!.id, acknowledgeOutsidePeriod: true });
    await waitFor(async () => {
      const { actions } = await planning(federation, 'ID', 'listActions', { operationId: operation.id });
      expect(actions.find((a) => a.id === action!.id)?.outsidePeriod).toBe(true);
    });
  });

  it('releases status changes as the action runs, and refuses impossible ones', async () => {
    const { actions } = await planning(federation, 'TH', 'listActions', { operationId: operation.id });
    const own = actions.find((a) => a.agency === 'TH')!;
    // Nothing starts before its window opens: this one began early, so its window moves first.
    await planning(federation, 'TH', 'updateAction', UpdateActionRequest.fromPartial({ actionId: own.id, window: { start: new Date(Date.now() - 60_000), end: own.window!.end! }, status: ActionStatus.ACTION_STATUS_STARTED }));
    await planning(federation, 'TH', 'updateAction', UpdateActionRequest.fromPartial({ actionId: own.id, status: ActionStatus.ACTION_STATUS_COMPLETED }));
    expect(await failureOf(planning(federation, 'TH', 'updateAction', UpdateActionRequest.fromPartial({ actionId: own.id, status: ActionStatus.ACTION_STATUS_STARTED })))).toMatchObject({ code: 9, message: 'an action cannot go from completed to started' });
    await waitFor(async () => {
      const seen = (await planning(federation, 'AU', 'listActions', { operationId: operation.id })).actions.find((a) => a.id === own.id);
      expect(seen?.status).toBe(ActionStatus.ACTION_STATUS_COMPLETED);
    });
  });

  it('refuses malformed actions naming the field, and supporters who would plan', async () => {
    const plan = (agency: string, fields: Partial<PlanActionRequest>) =>
      failureOf(planning(federation, agency, 'planAction', PlanActionRequest.fromPartial({ operationId: operation.id, kind: ActionKind.ACTION_KIND_BORDER_CHECK, window: within(1, 1), jurisdiction: 'ID', leadUnit: 'Immigration', ...fields })));
    expect(await plan('ID', { window: { start: within(3, 1).start, end: within(1, 1).start } })).toMatchObject({ code: 3, fields: ['window.end'] });
    expect(await plan('ID', { window: { start: undefined, end: within(1, 1).end } })).toMatchObject({ code: 3, fields: ['window.start'] });
    expect(await plan('ID', { kind: ActionKind.ACTION_KIND_UNSPECIFIED, jurisdiction: 'Java', location: 'Jakarta' })).toMatchObject({ code: 3, fields: ['kind', 'location'] });
    expect(await plan('ID', { jurisdiction: 'Java' })).toMatchObject({ code: 3, fields: ['jurisdiction'] });
    expect(await plan('UNODC', {})).toMatchObject({ code: 7, message: `UNODC is a supporter, who plans no actions of operation ${operation.id}` });
  });

  it('lists the timeline by agency, kind and time range, and watches it live from a resumable cursor', async () => {
    const list = async (fields: Partial<ListTimelineRequest>) =>
      (await planning(federation, 'MY', 'listTimeline', ListTimelineRequest.fromPartial({ operationId: operation.id, pageSize: 100, ...fields }))).entries.map((e) => `${e.originAgency} ${e.type}`);
    expect(await list({ agency: 'TH', kinds: ['action'] })).toEqual(['TH action.released', 'TH action.updated', 'TH action.updated']);
    expect(await list({ kinds: ['milestone.cancelled', 'operation.proposed'] })).toEqual(['AU operation.proposed', 'AU milestone.cancelled']);
    const all = (await planning(federation, 'MY', 'listTimeline', ListTimelineRequest.fromPartial({ operationId: operation.id, pageSize: 100 }))).entries;
    const middle = all[3]!.issuedAt!;
    expect((await list({ from: middle })).length).toBe(all.filter((e) => e.issuedAt! >= middle).length);
    expect((await list({ to: middle })).length).toBe(all.filter((e) => e.issuedAt! < middle).length);

    const client = federation.planningClient('MY');
    const watch = (afterCursor: number) => {
      const received: WatchTimelineResponse[] = [];
      const stream = client.watchTimeline(WatchTimelineRequest.fromPartial({ operationId: operation.id, kinds: ['action'], afterCursor }));
      stream.on('data', (response: WatchTimelineResponse) => received.push(response));
      stream.on('error', () => {});
      return { received, stream };
    };
    const first = watch(0);
    // A watch delivers in this agency's arrival order, not timeline order: compare the contents.
    await waitFor(() => expect(first.received.map((r) => `${r.entry?.originAgency} ${r.entry?.type}`).sort()).toEqual(['MY action.released', 'TH action.released', 'TH action.updated', 'TH action.updated']));
    expect(first.received.map((r) => r.cursor)).toEqual([...first.received.map((r) => r.cursor)].sort((x, y) => x - y));
    const { action } = await planning(federation, 'ID', 'planAction', PlanActionRequest.fromPartial({ operationId: operation.id, kind: ActionKind.ACTION_KIND_VICTIM_SCREENING, window: within(5, 2), jurisdiction: 'ID-JK', leadUnit: 'Bareskrim' }));
    await planning(federation, 'ID', 'releaseAction', { actionId: action!.id, acknowledgeOutsidePeriod: false });
    await waitFor(() => expect(first.received).toHaveLength(5));
    expect(first.received[4]!.entry).toMatchObject({ originAgency: 'ID', type: 'action.released' });
    first.stream.cancel();

    const resumed = watch(first.received[3]!.cursor);
    await waitFor(() => expect(resumed.received.map((r) => r.entry?.originAgency)).toEqual(['ID']));
    resumed.stream.cancel();
    client.close();
  });

  it('exports the operation as iCalendar that a calendar parser reads, and as JSON, the same bytes each time', async () => {
    const exported = async (format: ExportFormat) => (await planning(federation, 'UNODC', 'exportTimeline', { operationId: operation.id, format })).content;
    const ics = await exported(ExportFormat.EXPORT_FORMAT_ICALENDAR);
    expect(Buffer.from(await exported(ExportFormat.EXPORT_FORMAT_ICALENDAR)).equals(Buffer.from(ics))).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(Buffer.from(ics).toString('utf8')) as unknown[]);
    const events = calendar.getAllSubcomponents('vevent').map((event) => ({
      summary: String(event.getFirstPropertyValue('summary')),
      status: String(event.getFirstPropertyValue('status')),
      start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate(),
    }));
    expect(events.map((e) => [e.summary, e.status])).toEqual([
      ['Coral Tide: designated period (proposed)', 'TENTATIVE'],
      ['Coral Tide: Initial planning meeting', 'CONFIRMED'],
      ['Coral Tide: Mid-point progression session', 'CANCELLED'],
      ['Coral Tide: TH vessel-interdiction (TH)', 'CONFIRMED'],
      ['Coral Tide: ID victim-screening (ID-JK)', 'TENTATIVE'],
      ['Coral Tide: MY port-inspection (MY-01)', 'TENTATIVE'],
    ]);
    expect(events[0]!.start).toEqual(period.start);
    const json = JSON.parse(Buffer.from(await exported(ExportFormat.EXPORT_FORMAT_JSON)).toString('utf8')) as { operation: { id: string }; actions: unknown[]; timeline: unknown[] };
    expect(json.operation.id).toBe(operation.id);
    expect(json.actions).toHaveLength(3);
    expect(json.timeline.length).toBeGreaterThan(5);
  });
});
