/**
 * The lessons-learned debrief end to end: four participants and an observer, each on its own server.
 * A scripted operation runs and concludes; the lead opens the debrief; participants submit; the
 * observer reads everything and cannot submit; the report's totals and synthesis come from the record.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFileOf } from '@concord/audit';
import { ReportFormat, type DebriefServiceClient } from '@concord/contracts/debrief';
import { ActionKind, ActionStatus, OperationStatus, PlanActionRequest } from '@concord/contracts/planning';
import { ReportKind } from '@concord/contracts/tasking';
import { StoreSubjects, type EventEnvelope } from '@concord/federation';
import { createDebriefCodec } from '@concord/debrief';
import { loadAgencyIdentity } from '@concord/identity';
import { sealedEventType } from '@concord/sealing';
import type { RequestOf, UnaryNames } from '@concord/service-kit';
import { TestFederation, waitFor } from '@concord/testkit';
import { accept, callOnce, createOperation, failureOf, operationAt, planning, timelineOf } from './planning-helpers.js';
import { requestAssistance, requestAt, tasking } from './tasking-helpers.js';
import { concord, signInAdmins } from './cli-helpers.js';
import { alertAt, publish, vesselAlert } from './intel-helpers.js';

const debrief = <K extends UnaryNames<DebriefServiceClient>>(federation: TestFederation, agency: string, method: K, request: RequestOf<DebriefServiceClient[K]>) =>
  callOnce(federation.debriefClient(agency), method, request);
const participants = ['AU', 'ID', 'TH', 'MY'];
const secretLesson = `Tip-offs leaked through a port clerk ${crypto.randomUUID()}`;

describe('the lessons-learned debrief', () => {
  let federation: TestFederation;
  let operationId: string;
  let releaseEventId: string;
  let alertId: string;
  const hub: string[] = [];

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: [...participants, 'CA'] });
    await signInAdmins(federation.prepared.paths.endpoints, federation.prepared.admins);
    for (const account of federation.agencyIds) {
      const nc = await federation.connectHub(account);
      nc.subscribe('>', { callback: (_e, m) => hub.push(new TextDecoder().decode(m.data)) });
    }
    // A short operation, scripted: ID completes one action and cancels one, TH completes one outside
    // the period (begun the day before it), AU asks ID for help and ID fulfils it; then the period ends.
    const start = new Date(Date.now() + 3_000);
    const end = new Date(start.getTime() + 9_000);
    const operation = await createOperation(federation, 'AU', ['ID', 'TH', 'MY'], 'Coral Tide', { period: { start, end } });
    operationId = operation.id;
    await operationAt(federation, 'MY', operationId);
    for (const agency of ['ID', 'TH', 'MY']) await accept(federation, agency, operationId, 1);
    // AU's PIU alerts ID; ID's first action acts on that alert.
    const alert = await publish(federation, 'AU', ['ID'], vesselAlert('acted on'));
    alertId = alert.id;
    await alertAt(federation, 'ID', alert.id);
    const plan = async (agency: string, window: { start: Date; end: Date }, alertId = '') => {
      const { action } = await planning(federation, agency, 'planAction', PlanActionRequest.fromPartial({ operationId, kind: ActionKind.ACTION_KIND_PORT_INSPECTION, window, jurisdiction: agency, leadUnit: 'port unit', alertId }));
      await planning(federation, agency, 'releaseAction', { actionId: action!.id, acknowledgeOutsidePeriod: true });
      return action!.id;
    };
    const inside = { start, end: new Date(start.getTime() + 3_000) };
    expect(await failureOf(plan('TH', inside, alert.id))).toMatchObject({ code: 3, message: `invalid request: alert_id: TH holds no alert ${alert.id}` });
    const done = await plan('ID', inside, alert.id);
    const dropped = await plan('ID', inside);
    const early = await plan('TH', { start: new Date(start.getTime() - 86_400_000), end });
    await operationAt(federation, 'ID', operationId, (o) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_ACTIVE), 15_000);
    for (const [agency, actionId, statuses] of [
      ['ID', done, [ActionStatus.ACTION_STATUS_STARTED, ActionStatus.ACTION_STATUS_COMPLETED]],
      ['ID', dropped, [ActionStatus.ACTION_STATUS_CANCELLED]],
      ['TH', early, [ActionStatus.ACTION_STATUS_STARTED, ActionStatus.ACTION_STATUS_COMPLETED]],
    ] as const) {
      for (const status of statuses) await planning(federation, agency, 'updateAction', { actionId, status, window: undefined, leadUnit: undefined, location: undefined, details: undefined });
    }
    const request = await requestAssistance(federation, 'AU', 'ID', { operationId });
    await requestAt(federation, 'ID', request.id);
    await tasking(federation, 'ID', 'answerRequest', { requestId: request.id, accept: true, reason: '' });
    await tasking(federation, 'ID', 'reportOnRequest', { requestId: request.id, kind: ReportKind.REPORT_KIND_FULFILLED, note: 'done' });
    await tasking(federation, 'ID', 'releaseRequest', { requestId: request.id });
    releaseEventId = (await timelineOf(federation, 'ID', operationId)).find((e) => e.type === 'action.released' && e.action?.id === done)!.eventId;
    await operationAt(federation, 'AU', operationId, (o) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_CONCLUDED), 20_000);
    await waitFor(async () => expect((await timelineOf(federation, 'AU', operationId)).filter((e) => e.type === 'request.released')).toHaveLength(1));
  }, 120_000);
  afterAll(() => federation?.stop());

  it('the lead opens it once concluded, and every member holds it, the observer too', async () => {
    expect(await failureOf(debrief(federation, 'ID', 'openDebrief', { operationId }))).toMatchObject({ code: 7, message: `only the lead of operation ${operationId} (AU) opens its debrief` });
    await debrief(federation, 'AU', 'openDebrief', { operationId });
    for (const agency of [...participants, 'CA']) await waitFor(() => expect(federation.debrief(agency).debriefs.state(operationId)).toBeDefined());
  });

  it('takes submissions from all four participants and refuses the observer\'s with PERMISSION_DENIED', async () => {
    const counts = {
      AU: { 'smuggled-migrants-assisted': 31, arrests: 3, 'vessels-intercepted': 2 },
      ID: { 'smuggled-migrants-assisted': 12, arrests: 4, 'fraudulent-documents-seized': 19 },
      TH: { 'trafficked-persons-assisted': 9, arrests: 2 },
      MY: { 'trafficked-persons-assisted': 4, 'enquiries-made': 6 },
    } as Record<string, Record<string, number>>;
    for (const agency of participants) {
      await debrief(federation, agency, 'submitOutcomes', { operationId, counts: Object.entries(counts[agency]!).map(([category, count]) => ({ category, count })), intelligenceSummary: `${agency} summary` });
    }
    await debrief(federation, 'ID', 'submitLesson', { operationId, category: 'information-sharing', observation: 'Alerts reached port units late.', lessonIdentified: 'Send alerts to port units directly.', remedialAction: { description: 'Analyst accounts for port units', owner: 'ID', dueDate: '2027-06-30', status: '' }, lessonLearned: '', evidence: [releaseEventId, alertId], nonAttributable: false });
    await debrief(federation, 'TH', 'submitLesson', { operationId, category: 'legal', observation: secretLesson, lessonIdentified: 'Vet port staff with access to tip-offs.', remedialAction: undefined, lessonLearned: '', evidence: [], nonAttributable: true });
    expect(await failureOf(debrief(federation, 'CA', 'submitOutcomes', { operationId, counts: [{ category: 'arrests', count: 1 }], intelligenceSummary: '' }))).toMatchObject({
      code: 7,
      message: `CA is not a participant of operation ${operationId}: every member reads the debrief, only participants submit`,
    });
    expect(await failureOf(debrief(federation, 'ID', 'submitOutcomes', { operationId, counts: [{ category: 'arrests', count: -1 }, { category: 'vessels-intercepted', count: 1.5 }, { category: 'kidnappings', count: 2 }], intelligenceSummary: '' }))).toMatchObject({
      code: 3,
      fields: ['counts.arrests', 'counts.vessels-intercepted', 'counts.kidnappings'],
    });
    await waitFor(async () => {
      const { debrief: seen } = await debrief(federation, 'CA', 'getDebrief', { operationId });
      expect(seen!.outcomes.map((o) => o.agency)).toEqual(['AU', 'ID', 'MY', 'TH']);
      expect(seen!.lessons).toHaveLength(1);
    });
  });

  it('publishes the report: totals and synthesis from the record, anonymous lessons without their author', async () => {
    await waitFor(() => expect(federation.debrief('AU').debriefs.state(operationId)!.pendingAnonymous.size).toBe(1));
    await debrief(federation, 'AU', 'publishReport', { operationId });
    const report = await waitFor(async () => {
      const rendered = await debrief(federation, 'CA', 'renderReport', { operationId, format: ReportFormat.REPORT_FORMAT_JSON });
      expect(rendered.final).toBe(true);
      const value = JSON.parse(Buffer.from(rendered.content).toString()) as { lessons: { agency: string | null; observation: string }[]; outcomes: { overall: Record<string, number> }; synthesis: Record<string, unknown>[] };
      expect(value.lessons).toHaveLength(2);
      return value;
    });
    for (const agency of participants) await operationAt(federation, agency, operationId, (o) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_DEBRIEFED));
    expect(report.outcomes.overall).toMatchObject({ 'smuggled-migrants-assisted': 43, arrests: 9, 'trafficked-persons-assisted': 13, 'vessels-intercepted': 2, 'fraudulent-documents-seized': 19, 'enquiries-made': 6 });
    expect(report.synthesis).toEqual([
      expect.objectContaining({ agency: 'AU', actionsPlanned: 0, requestsMade: 1, requestsAnswered: 0 }),
      expect.objectContaining({ agency: 'ID', actionsPlanned: 2, actionsCompleted: 1, actionsCancelled: 1, actionsOutsidePeriod: 0, actionsOnAlerts: 1, requestsAnswered: 1, requestsFulfilled: 1 }),
      expect.objectContaining({ agency: 'MY', actionsPlanned: 0 }),
      expect.objectContaining({ agency: 'TH', actionsPlanned: 1, actionsCompleted: 1, actionsOutsidePeriod: 1 }),
    ]);
    expect(report.lessons.find((l) => l.observation === secretLesson)!.agency).toBeNull();
    // TH, the author, takes the lead's published copy of its lesson as a copy of what it holds, not a replay.
    await waitFor(async () => expect((await debrief(federation, 'TH', 'renderReport', { operationId, format: ReportFormat.REPORT_FORMAT_JSON })).final).toBe(true));
    expect(federation.debrief('TH').link.stats().rejected).not.toHaveProperty('replay');
    // Every member renders the same bytes.
    const bytes = await Promise.all([...participants, 'CA'].map(async (agency) => Buffer.from((await debrief(federation, agency, 'renderReport', { operationId, format: ReportFormat.REPORT_FORMAT_MARKDOWN })).content).toString()));
    expect(new Set(bytes).size).toBe(1);

    // What the observer received carries nothing that points at TH: the lead signed it, as it signs its own.
    const ca = await federation.connectAgency('CA', 'debrief');
    const jsm = await ca.jetstreamManager();
    const info = await jsm.streams.info(StoreSubjects.streamName('debrief'));
    const stored = await Promise.all(Array.from({ length: info.state.last_seq }, (_, i) => jsm.streams.getMessage(StoreSubjects.streamName('debrief'), { seq: i + 1 })));
    // Every event travels as the one sealed type: what each is, the observer learns by opening it.
    const caKeys = await loadAgencyIdentity(federation.prepared.paths.agency('CA').keysDir);
    const codec = createDebriefCodec({ agency: 'CA', encryptionKey: caKeys.encryptionKey }, federation.prepared.trust);
    const envelopes = stored.map((m) => ({ envelope: JSON.parse(new TextDecoder().decode(m.data)) as EventEnvelope, data: m.data, signature: '' }));
    expect(new Set(envelopes.map((e) => e.envelope.type))).toEqual(new Set([sealedEventType]));
    const lessons = envelopes.filter((e) => codec.decode(e).type === 'debrief.lesson').map((e) => e.envelope);
    expect(lessons.map((e) => e.origin).sort()).toEqual(['AU', 'ID']);
    const anonymous = lessons.find((e) => e.origin === 'AU')!;
    expect(anonymous.recipients).toEqual(['CA', 'ID', 'MY', 'TH']);
    const body = anonymous.body as { routing: object; box: { recipients: { agency: string }[] } };
    expect(Object.keys(body.routing)).toEqual(['operationId', 'lessonId']);
    // Sealed for every member and the lead, exactly like a lesson the lead writes itself.
    expect(body.box.recipients.map((r) => r.agency).sort()).toEqual(['AU', 'CA', 'ID', 'MY', 'TH']);
    expect(JSON.stringify(anonymous.body)).not.toContain(secretLesson);
    expect(hub.filter((data) => data.includes(secretLesson) || data.includes('Tip-offs'))).toEqual([]);
    // TH's own audit log still records that it submitted it, and the person who did.
    const thAudit = await readFile(auditFileOf(federation.prepared.paths.agency('TH').dir, 'debrief'), 'utf8');
    expect(thAudit).toMatch(/"action":"published","actor":"TH","user":\{"subject":"[0-9a-f-]+","name":"TH administrator"\},"subject":"lesson:[0-9a-f-]+","detail":\{"operation":"[0-9a-f-]+","nonAttributable":true\}/);
    // The observer cannot resolve the evidence cited; a participant can.
    const cited = async (agency: string) => (await debrief(federation, agency, 'getDebrief', { operationId })).debrief!.lessons.find((l) => l.evidence.length > 0)!.visibleEvidence;
    expect(await cited('CA')).toEqual([]);
    expect(await cited('TH')).toEqual([{ eventId: releaseEventId, summary: expect.stringContaining('ID released port-inspection') }]);
    // The alert was released to ID alone: ID sees it cited, TH does not.
    expect((await cited('ID')).map((e) => e.eventId)).toEqual([releaseEventId, alertId]);
    expect((await cited('ID'))[1]!.summary).toMatch(/^alert from AU, published /);
  });

  it('refuses submissions after the report, and keeps remedial actions trackable', async () => {
    expect(await failureOf(debrief(federation, 'MY', 'submitOutcomes', { operationId, counts: [{ category: 'arrests', count: 1 }], intelligenceSummary: '' }))).toMatchObject({ code: 9, message: `the report of operation ${operationId} is published: nothing more is submitted` });
    const { debrief: held } = await debrief(federation, 'ID', 'getDebrief', { operationId });
    const lesson = held!.lessons.find((l) => l.remedialAction)!;
    expect(await failureOf(debrief(federation, 'TH', 'updateRemedialAction', { operationId, lessonId: lesson.id, status: 'closed' }))).toMatchObject({ code: 7 });
    await debrief(federation, 'ID', 'updateRemedialAction', { operationId, lessonId: lesson.id, status: 'in-progress' });
    await waitFor(async () => {
      const { debrief: seen } = await debrief(federation, 'CA', 'getDebrief', { operationId });
      expect(seen!.lessons.find((l) => l.id === lesson.id)!.remedialAction!.status).toBe('in-progress');
    });
  });

  it('the concord command reads the report and names what it refuses', async () => {
    const as = (agency: string, ...args: string[]) => ['--endpoints', federation.prepared.paths.endpoints, '--agency', agency, ...args];
    const markdown = await concord(as('CA', 'debrief', 'report', '--op', operationId, '--format', 'md'));
    expect(markdown.code, markdown.stderr).toBe(0);
    expect(markdown.stdout).toBe(Buffer.from((await debrief(federation, 'AU', 'renderReport', { operationId, format: ReportFormat.REPORT_FORMAT_MARKDOWN })).content).toString());
    expect(await concord(as('CA', 'debrief', 'outcomes', '--op', operationId, '--count', 'arrests=1'))).toMatchObject({
      code: 1,
      stderr: `error: CA is not a participant of operation ${operationId}: every member reads the debrief, only participants submit\n`,
    });
    expect(await concord(as('MY', 'debrief', 'outcomes', '--op', operationId, '--count', 'arrests'))).toMatchObject({ code: 2, stderr: 'error: invalid input: --count: "arrests" is not category=number, such as arrests=3\n' });
  });
});
