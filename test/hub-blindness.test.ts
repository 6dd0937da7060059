/**
 * A hub that learns nothing but routing: the README walk-throughs of planning, intel, tasking and the
 * debrief run through the services' gRPC clients with a canary in every free-text field, while
 * observers subscribed to ">" in every hub account capture subjects, headers and payloads. None of it
 * holds a canary (in clear or base64-encoded), an operation's lists, a kind, a status, a label or a date.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportFormat, type DebriefServiceClient } from '@concord/contracts/debrief';
import { AlertContent, AlertKind, FeedbackKind, TlpLabel } from '@concord/contracts/intel';
import {
  ActionKind,
  ActionStatus,
  CreateOperationRequest,
  IdentifierKind,
  MilestoneKind,
  OperationStatus,
  PlanActionRequest,
  ProposeJointPlanRequest,
  ResponseKind,
} from '@concord/contracts/planning';
import { AssistanceKind, ReportKind, TaskTransition } from '@concord/contracts/tasking';
import type { RequestOf, UnaryNames } from '@concord/service-kit';
import { TestFederation, waitFor } from '@concord/testkit';
import { observeHub, readable, summarise, type Captured } from './hub-capture.js';
import { alertAt, intel, publish, vesselAlert } from './intel-helpers.js';
import { callOnce, operationAt, planning, timelineOf } from './planning-helpers.js';
import { createTask, move, requestAssistance, requestAt, tasking } from './tasking-helpers.js';

const debrief = <K extends UnaryNames<DebriefServiceClient>>(federation: TestFederation, agency: string, method: K, request: RequestOf<DebriefServiceClient[K]>) =>
  callOnce(federation.debriefClient(agency), method, request);

const run = crypto.randomUUID().slice(0, 8);
const canaries = new Map<string, string>();
/** A canary for one field, remembered to be looked for. */
const canary = (field: string) => {
  const value = `CNRY-${field}-${run}`;
  canaries.set(field, value);
  return value;
};
const utc = (text: string) => new Date(`${text}Z`);
const participants = ['ID', 'TH', 'MY'];

describe('the hub learns nothing but routing', () => {
  let federation: TestFederation;
  const captured: Captured[] = [];
  let stopObserving: () => Promise<void>;

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID', 'TH', 'MY', 'UNODC'] });
    stopObserving = await observeHub(federation, captured);
  });
  afterAll(() => federation?.stop());

  it('while planning, intel, tasking and the debrief run their walk-throughs with a canary in every free-text field', async () => {
    // Planning: an operation proposed, countered, accepted, renamed; a milestone; national actions
    // planned, released and updated; a joint plan; targets registered on both sides (a match).
    const { operation } = await planning(
      federation,
      'AU',
      'createOperation',
      CreateOperationRequest.fromPartial({ name: canary('operation-name'), participants, coChairs: ['AU', 'ID'], supporters: ['UNODC'], period: { start: utc('2031-07-01T00:00'), end: utc('2031-08-01T00:00') } }),
    );
    const operationId = operation!.id;
    for (const agency of participants) await operationAt(federation, agency, operationId);
    await planning(federation, 'MY', 'respondToOperation', { operationId, version: 1, response: ResponseKind.RESPONSE_KIND_COUNTER_PROPOSED, reason: canary('counter-reason'), counterPeriod: { start: utc('2031-08-03T00:00'), end: utc('2031-08-24T00:00') } });
    for (const agency of participants) await planning(federation, agency, 'respondToOperation', { operationId, version: 1, response: ResponseKind.RESPONSE_KIND_ACCEPTED, reason: '', counterPeriod: undefined });
    await operationAt(federation, 'AU', operationId, (o) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_AGREED));
    await planning(federation, 'AU', 'changeOperation', { operationId, name: canary('operation-new-name'), period: undefined, participants: undefined, supporters: undefined, coChairs: undefined });
    await planning(federation, 'ID', 'scheduleMilestone', {
      operationId,
      milestoneId: '',
      kind: MilestoneKind.MILESTONE_KIND_INITIAL_PLANNING,
      title: canary('milestone-title'),
      window: { start: utc('2031-06-20T09:00'), end: utc('2031-06-20T17:00') },
      location: canary('milestone-location'),
    });
    const planAction = async (agency: string, kind: ActionKind, jurisdiction: string) => {
      const details = { targets: canary(`${agency}-targets`), locations: canary(`${agency}-locations`), officers: canary(`${agency}-officers`), notes: canary(`${agency}-notes`) };
      const window = { start: utc('2031-07-13T00:00'), end: utc('2031-07-15T00:00') };
      const { action } = await planning(federation, agency, 'planAction', PlanActionRequest.fromPartial({ operationId, kind, window, jurisdiction, leadUnit: canary(`${agency}-lead-unit`), location: 'THHKT', details }));
      await planning(federation, agency, 'releaseAction', { actionId: action!.id, acknowledgeOutsidePeriod: false });
      return action!.id;
    };
    const thAction = await planAction('TH', ActionKind.ACTION_KIND_VESSEL_INTERDICTION, 'TH-83');
    const idAction = await planAction('ID', ActionKind.ACTION_KIND_BORDER_CHECK, 'ID-JK');
    // An update crosses the hub sealed too (its window: nothing starts before its window opens).
    await planning(federation, 'TH', 'updateAction', { actionId: thAction, status: ActionStatus.ACTION_STATUS_UNSPECIFIED, window: { start: utc('2031-07-13T00:00'), end: utc('2031-07-15T12:00') }, leadUnit: undefined, location: undefined, details: undefined });
    const { plan } = await planning(
      federation,
      'ID',
      'proposeJointPlan',
      ProposeJointPlanRequest.fromPartial({
        operationId,
        title: canary('plan-title'),
        parties: ['TH'],
        objectives: [canary('plan-objective')],
        contacts: [{ agency: 'ID', name: canary('plan-contact-name'), details: canary('plan-contact-details') }],
        linkedActionIds: [idAction],
      }),
    );
    await waitFor(() => planning(federation, 'TH', 'acceptJointPlan', { operationId, planId: plan!.id, version: 1 }));
    for (const [agency, actionId] of [['TH', thAction], ['ID', idAction]] as const) {
      await waitFor(() => planning(federation, agency, 'registerTarget', { operationId, actionId, kind: IdentifierKind.IDENTIFIER_KIND_VESSEL_IMO, value: 'IMO 9074729', contact: canary(`${agency}-target-contact`) }));
    }
    for (const agency of ['TH', 'ID']) {
      await waitFor(async () => expect((await planning(federation, agency, 'listNotices', { operationId })).notices.map((n) => n.scope).sort()).toEqual(['place', 'target']));
    }

    // Intel: published, acknowledged, seen, forwarded on request, updated and revoked.
    const vessel = await publish(federation, 'ID', ['AU', 'TH'], vesselAlert(canary('alert-body'), { title: canary('alert-title'), vessel: { name: canary('vessel-name'), imo: '9074729', mmsi: '', flag: 'ID', callSign: '', vesselType: '' }, eta: utc('2031-07-12T04:00') }));
    const person = await publish(
      federation,
      'ID',
      ['AU'],
      AlertContent.fromPartial({ ...vesselAlert(canary('person-alert-body')), kind: AlertKind.ALERT_KIND_PERSON_OF_INTEREST, title: canary('person-alert-title'), vessel: undefined, person: { fullName: canary('person-name'), dateOfBirth: '1985-03-02', nationality: 'ID', documents: [{ number: 'B7654321', issuingCountry: 'ID' }], role: canary('person-role') } }),
      TlpLabel.TLP_LABEL_RED,
    );
    await alertAt(federation, 'AU', person.id);
    for (const agency of ['AU', 'TH']) await alertAt(federation, agency, vessel.id);
    await intel(federation, 'AU', 'acknowledgeAlert', { alertId: vessel.id });
    await intel(federation, 'TH', 'addFeedback', { alertId: vessel.id, kind: FeedbackKind.FEEDBACK_KIND_SEEN, note: canary('feedback-note'), place: 'THHKT', observedAt: utc('2031-07-12T06:00'), originatorOnly: false });
    const { request: forward } = await intel(federation, 'AU', 'requestForward', { alertId: vessel.id, toAgency: 'MY', reason: canary('forward-reason') });
    await alertAt(federation, 'ID', vessel.id, (a) => expect(a.forwardRequests).toHaveLength(1));
    await intel(federation, 'ID', 'decideForward', { alertId: vessel.id, requestId: forward!.id, approve: true, reason: canary('forward-decision') });
    await alertAt(federation, 'MY', vessel.id);
    await intel(federation, 'ID', 'updateAlert', { alertId: vessel.id, content: vesselAlert(canary('alert-new-body'), { title: canary('alert-new-title') }), label: TlpLabel.TLP_LABEL_RED, expiresAt: undefined });
    for (const agency of ['AU', 'TH', 'MY']) await alertAt(federation, agency, vessel.id, (a) => expect(a.version).toBe(2));
    await intel(federation, 'ID', 'revokeAlert', { alertId: vessel.id, reason: canary('revoke-reason') });
    for (const agency of ['AU', 'TH']) await alertAt(federation, agency, vessel.id, (a) => expect(a.revocationReason).toBe(canaries.get('revoke-reason')));

    // Tasking: a request for assistance accepted, worked on, fulfilled and released to the timeline.
    const rfa = await requestAssistance(federation, 'AU', 'ID', { kind: AssistanceKind.ASSISTANCE_KIND_INSPECT_VESSEL, subject: canary('request-subject'), details: canary('request-details'), dueAt: utc('2031-07-14T18:00'), operationId });
    await requestAt(federation, 'ID', rfa.id);
    await tasking(federation, 'ID', 'answerRequest', { requestId: rfa.id, accept: true, reason: canary('request-answer') });
    const task = await createTask(federation, 'ID', { requestId: rfa.id, title: canary('task-title'), team: canary('task-team'), assignee: canary('task-assignee'), resources: [canary('task-resource')] });
    for (const transition of [TaskTransition.TASK_TRANSITION_ASSIGN, TaskTransition.TASK_TRANSITION_ACCEPT, TaskTransition.TASK_TRANSITION_START]) await move(federation, 'ID', task.id, transition);
    await tasking(federation, 'ID', 'reportOnRequest', { requestId: rfa.id, kind: ReportKind.REPORT_KIND_FULFILLED, note: canary('request-fulfilled-note') });
    await requestAt(federation, 'AU', rfa.id, (r) => expect(r.answer).toBe(canaries.get('request-fulfilled-note')));
    await tasking(federation, 'ID', 'releaseRequest', { requestId: rfa.id });
    await waitFor(async () => expect((await timelineOf(federation, 'MY', operationId)).filter((e) => e.type === 'request.released')).toHaveLength(1));

    // The period moves to now, for a few seconds: accepted again, the operation runs and concludes.
    const start = new Date(Date.now() + 1_000);
    await planning(federation, 'AU', 'changeOperation', { operationId, name: undefined, period: { start, end: new Date(start.getTime() + 3_000) }, participants: undefined, supporters: undefined, coChairs: undefined });
    for (const agency of participants) {
      await waitFor(() => planning(federation, agency, 'respondToOperation', { operationId, version: 3, response: ResponseKind.RESPONSE_KIND_ACCEPTED, reason: '', counterPeriod: undefined }));
    }
    await operationAt(federation, 'AU', operationId, (o) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_CONCLUDED), 15_000);

    // The debrief: opened, outcomes with a summary, lessons (one non-attributable), the report.
    await debrief(federation, 'AU', 'openDebrief', { operationId });
    for (const agency of ['ID', 'TH']) await waitFor(() => expect(federation.debrief(agency).debriefs.state(operationId)).toBeDefined());
    await debrief(federation, 'ID', 'submitOutcomes', { operationId, counts: [{ category: 'arrests', count: 4 }], intelligenceSummary: canary('outcome-summary') });
    await debrief(federation, 'TH', 'submitLesson', { operationId, category: 'legal', observation: canary('anonymous-observation'), lessonIdentified: canary('anonymous-identified'), remedialAction: undefined, lessonLearned: '', evidence: [], nonAttributable: true });
    const { lesson } = await debrief(federation, 'ID', 'submitLesson', {
      operationId,
      category: 'information-sharing',
      observation: canary('lesson-observation'),
      lessonIdentified: canary('lesson-identified'),
      remedialAction: { description: canary('lesson-remedy'), owner: 'ID', dueDate: '2031-06-30', status: '' },
      lessonLearned: canary('lesson-learned'),
      evidence: [],
      nonAttributable: false,
    });
    await debrief(federation, 'ID', 'updateRemedialAction', { operationId, lessonId: lesson!.id, status: 'in-progress' });
    await waitFor(() => expect(federation.debrief('AU').debriefs.state(operationId)!.pendingAnonymous.size).toBe(1));
    await waitFor(() => expect(federation.debrief('AU').debriefs.state(operationId)!.outcomes.size).toBe(1));
    await debrief(federation, 'AU', 'publishReport', { operationId });
    for (const agency of ['ID', 'TH', 'MY', 'UNODC']) {
      await waitFor(async () => {
        const rendered = await debrief(federation, agency, 'renderReport', { operationId, format: ReportFormat.REPORT_FORMAT_MARKDOWN });
        expect(rendered.final).toBe(true);
        expect(Buffer.from(rendered.content).toString()).toContain(canaries.get('anonymous-observation'));
      });
    }
    await operationAt(federation, 'MY', operationId, (o) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_DEBRIEFED));
    await stopObserving();

    // Every capability crossed the hub, between the agencies concerned.
    expect(new Set(captured.map((m) => m.subject.split('.')[3]).filter(Boolean))).toEqual(new Set(['planning', 'intel', 'tasking', 'debrief']));
    // Nor anything of the people who acted: their names and subjects stay in their agencies.
    const people: string[] = ['administrator'];
    for (const id of federation.agencyIds) {
      const { users } = JSON.parse(await readFile(join(federation.prepared.paths.agency(id).dir, 'identity', 'users.json'), 'utf8')) as { users: Array<{ subject: string; displayName: string }> };
      for (const user of users) people.push(user.subject, user.displayName);
    }
    const found = readable(captured, {
      canaries: [...canaries.values(), ...people],
      lists: [participants.join(','), JSON.stringify(participants), JSON.stringify(['AU', ...participants]), '"participants"', '"coChairs"', '"supporters"', '"parties"'],
      words: [
        ...['vessel-interdiction', 'border-check', 'initial-planning', 'vessel-of-interest', 'person-of-interest', 'inspect-vessel', 'vessel-imo', 'information-sharing', 'legal', 'seen'],
        ...['TH-83', 'ID-JK', 'THHKT', 'amber', 'red', 'proposed', 'counter-proposed', 'agreed', 'active', 'concluded', 'debriefed', 'planned', 'started'],
        ...['accepted', 'declined', 'fulfilled', 'in-progress', 'delivered', 'acknowledged', 'revoked', 'approved', 'scheduled', 'released', 'updated', 'opened'],
      ],
    });
    expect(found, summarise(found)).toEqual([]);
  });
});
