/**
 * Tasking end to end: tasks stay inside their agency; a request for assistance crosses to one other
 * agency, sealed, and the requester follows it to completion without seeing the other side's tasks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionKind, PlanActionRequest } from '@concord/contracts/planning';
import { RequestStatus, ReportKind, TaskChangeKind, TaskStatus, TaskTransition, type WatchTasksResponse } from '@concord/contracts/tasking';
import { Capability, FederationSubjects } from '@concord/federation';
import { loadAgencyIdentity } from '@concord/identity';
import { createSealedEventCodec, sealedEventType } from '@concord/sealing';
import { taskingWire } from '@concord/tasking';
import { TestFederation, waitFor } from '@concord/testkit';
import { attempt, forge } from './attack-helpers.js';
import { accept, createOperation, failureOf, nextMonth, operationAt, planning, timelineOf } from './planning-helpers.js';
import { createTask, move, requestAssistance, requestAt, tasking } from './tasking-helpers.js';

const statusesOf = (history: readonly { status: RequestStatus }[]) => history.map((h) => RequestStatus[h.status].replace('REQUEST_STATUS_', '').toLowerCase());

describe('tasking and requests for assistance', () => {
  let federation: TestFederation;
  const hub: string[] = [];
  const canary = `CANARY-${crypto.randomUUID()}`;

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID', 'TH'] });
    for (const account of federation.agencyIds) {
      const nc = await federation.connectHub(account);
      nc.subscribe('>', { callback: (_e, m) => hub.push(new TextDecoder().decode(m.data)) });
    }
  });
  afterAll(() => federation?.stop());

  it('a request is accepted, split into local tasks, completed, and the requester sees each step', async () => {
    const sent = await requestAssistance(federation, 'AU', 'ID', { details: `Look aft. ${canary}` });
    expect(sent).toMatchObject({ fromAgency: 'AU', toAgency: 'ID', status: RequestStatus.REQUEST_STATUS_REQUESTED });
    const received = await requestAt(federation, 'ID', sent.id);
    expect(received.details).toContain(canary);

    await tasking(federation, 'ID', 'answerRequest', { requestId: sent.id, accept: true, reason: '' });
    await requestAt(federation, 'AU', sent.id, (r) => expect(r.status).toBe(RequestStatus.REQUEST_STATUS_ACCEPTED));

    const board = await createTask(federation, 'ID', { requestId: sent.id, title: 'Board on arrival', assignee: 'Insp. Wibowo', instructions: `Search the aft hold. ${canary}`, resources: ['patrol boat 7'] });
    const records = await createTask(federation, 'ID', { requestId: sent.id, title: 'Check crew papers', team: 'Immigration desk', assignee: 'Brig. Sari' });
    for (const task of [board, records]) {
      for (const t of [TaskTransition.TASK_TRANSITION_ASSIGN, TaskTransition.TASK_TRANSITION_ACCEPT, TaskTransition.TASK_TRANSITION_START]) await move(federation, 'ID', task.id, t);
    }
    // Starting the first task told AU that work began.
    await requestAt(federation, 'AU', sent.id, (r) => expect(r.status).toBe(RequestStatus.REQUEST_STATUS_IN_PROGRESS));
    for (const task of [board, records]) expect((await move(federation, 'ID', task.id, TaskTransition.TASK_TRANSITION_COMPLETE)).status).toBe(TaskStatus.TASK_STATUS_DONE);
    await tasking(federation, 'ID', 'reportOnRequest', { requestId: sent.id, kind: ReportKind.REPORT_KIND_FULFILLED, note: 'Compartment found; 12 persons assisted' });

    const seen = await requestAt(federation, 'AU', sent.id, (r) => expect(r.status).toBe(RequestStatus.REQUEST_STATUS_FULFILLED));
    expect(statusesOf(seen.history)).toEqual(['requested', 'accepted', 'in_progress', 'fulfilled']);
    expect(seen.answer).toBe('Compartment found; 12 persons assisted');
    // AU never sees ID's tasks.
    expect(federation.tasking('AU').board.all()).toEqual([]);
    expect(await failureOf(tasking(federation, 'AU', 'getTask', { taskId: board.id }))).toMatchObject({ code: 5, message: `AU has no task ${board.id}` });
    const { tasks } = await tasking(federation, 'ID', 'listTasks', { actionId: '', requestId: sent.id, includeClosed: true });
    expect(tasks.map((t) => t.title).sort()).toEqual(['Board on arrival', 'Check crew papers']);
  });

  it('a declined request carries its reason back', async () => {
    const sent = await requestAssistance(federation, 'AU', 'TH', { subject: 'passport A1234567' });
    await requestAt(federation, 'TH', sent.id);
    expect(await failureOf(tasking(federation, 'TH', 'answerRequest', { requestId: sent.id, accept: false, reason: '' }))).toMatchObject({ code: 3, fields: ['reason'] });
    await tasking(federation, 'TH', 'answerRequest', { requestId: sent.id, accept: false, reason: 'not a Thai passport; ask the issuing state' });
    const declined = await requestAt(federation, 'AU', sent.id, (r) => expect(r.status).toBe(RequestStatus.REQUEST_STATUS_DECLINED));
    expect(declined.answer).toBe('not a Thai passport; ask the issuing state');
  });

  it('a requested agency that was offline receives the request when it returns', async () => {
    await federation.stopServices('TH');
    await federation.stopAgencyServer('TH');
    const sent = await requestAssistance(federation, 'ID', 'TH', { kind: 3, subject: '+66 81 234 5678' });
    await federation.startAgencyServer('TH');
    await federation.startServices('TH');
    expect((await requestAt(federation, 'TH', sent.id)).subject).toBe('+66 81 234 5678');
  });

  it('tasks carry out national actions of their own agency only', async () => {
    const operation = await createOperation(federation, 'AU', ['ID', 'TH']);
    await operationAt(federation, 'ID', operation.id);
    for (const agency of ['ID', 'TH']) await accept(federation, agency, operation.id, 1);
    const { action } = await planning(federation, 'ID', 'planAction', PlanActionRequest.fromPartial({ operationId: operation.id, kind: ActionKind.ACTION_KIND_PORT_INSPECTION, window: nextMonth(), jurisdiction: 'ID', leadUnit: 'Kupang water police' }));
    const task = await createTask(federation, 'ID', { actionId: action!.id, title: 'Inspect the harbour', communications: 'channel 16' });
    expect(task).toMatchObject({ actionId: action!.id, status: TaskStatus.TASK_STATUS_CREATED });
    expect(await failureOf(createTask(federation, 'TH', { actionId: action!.id }))).toMatchObject({ code: 5, message: `TH has no action ${action!.id}` });
    expect(await failureOf(createTask(federation, 'ID', {}))).toMatchObject({ code: 3, fields: ['action_id'] });
  });

  it('overdue tasks and requests raise notices, a request at both agencies', async () => {
    const client = federation.taskingClient('ID');
    const overdue: string[] = [];
    const stream = client.watchTasks({});
    stream.on('data', (r: WatchTasksResponse) => {
      if (r.change === TaskChangeKind.TASK_CHANGE_KIND_OVERDUE) overdue.push(r.task?.id ?? r.request!.id);
    });
    stream.on('error', () => undefined);
    const dueAt = new Date(Date.now() + 1_500);
    const sent = await requestAssistance(federation, 'AU', 'ID', { subject: 'records of MV Example', kind: 4, dueAt });
    await requestAt(federation, 'ID', sent.id);
    await tasking(federation, 'ID', 'answerRequest', { requestId: sent.id, accept: true, reason: '' });
    const late = await createTask(federation, 'ID', { requestId: sent.id, title: 'Pull the port records', dueAt });
    await waitFor(() => expect(overdue.sort()).toEqual([late.id, sent.id].sort()), 10_000);
    for (const agency of ['AU', 'ID']) {
      const { notices } = await tasking(federation, agency, 'listTaskNotices', {});
      expect(notices.filter((n) => n.kind === 'request').map((n) => [n.id, n.counterpart])).toContainEqual([sent.id, agency === 'AU' ? 'ID' : 'AU']);
    }
    expect((await tasking(federation, 'ID', 'listTaskNotices', {})).notices.map((n) => n.id)).toContain(late.id);
    stream.cancel();
    client.close();
  });

  it('refuses what an agency may not do, and transitions that do not fit, with clear errors', async () => {
    const sent = await requestAssistance(federation, 'AU', 'ID');
    await requestAt(federation, 'ID', sent.id);
    expect(await failureOf(tasking(federation, 'ID', 'cancelRequest', { requestId: sent.id, reason: '' }))).toMatchObject({ code: 7, message: `only AU, which made request ${sent.id}, may cancel it` });
    expect(await failureOf(tasking(federation, 'AU', 'answerRequest', { requestId: sent.id, accept: true, reason: '' }))).toMatchObject({ code: 7, message: `request ${sent.id} is addressed to ID; AU cannot answer it` });
    expect(await failureOf(tasking(federation, 'TH', 'answerRequest', { requestId: sent.id, accept: true, reason: '' }))).toMatchObject({ code: 5 });
    expect(await failureOf(tasking(federation, 'ID', 'reportOnRequest', { requestId: sent.id, kind: ReportKind.REPORT_KIND_FULFILLED, note: '' }))).toMatchObject({ code: 9, message: `request ${sent.id} is requested: it cannot become fulfilled` });

    // TH, which holds TH's key but was never asked, forges ID's answer: AU refuses it.
    const th = await loadAgencyIdentity(federation.prepared.paths.agency('TH').keysDir);
    const codec = createSealedEventCodec('tasking', taskingWire, { agency: 'TH', encryptionKey: th.encryptionKey }, federation.prepared.trust);
    const forged = forge({ scope: sent.id, recipients: ['AU'], ...codec.encode('request.answered', { requestId: sent.id }, { accepted: true, reason: '' }, ['AU']) }, 'TH', th, Capability.Tasking);
    const asTh = await federation.connectAgency('TH', Capability.Tasking);
    expect(await attempt(asTh, FederationSubjects.delivery('AU', 'TH', 'tasking', sealedEventType), forged.data, forged.headers)).toContain(`"detail":"request ${sent.id} is addressed to ID; TH cannot answer it"`);
    expect(federation.tasking('AU').link.stats().rejected.refused).toBe(1);
    expect((await requestAt(federation, 'AU', sent.id)).status).toBe(RequestStatus.REQUEST_STATUS_REQUESTED);

    await tasking(federation, 'ID', 'answerRequest', { requestId: sent.id, accept: true, reason: '' });
    expect(await failureOf(tasking(federation, 'ID', 'answerRequest', { requestId: sent.id, accept: false, reason: 'changed my mind' }))).toMatchObject({ code: 9, message: `request ${sent.id} is accepted: it cannot become declined` });
    const task = await createTask(federation, 'ID', { requestId: sent.id, assignee: 'Insp. Wibowo' });
    await move(federation, 'ID', task.id, TaskTransition.TASK_TRANSITION_ASSIGN);
    expect(await failureOf(move(federation, 'ID', task.id, TaskTransition.TASK_TRANSITION_COMPLETE))).toMatchObject({
      code: 9,
      message: `task ${task.id} is assigned: it can complete only when in-progress (a task is accepted and started before it is done)`,
    });
    await move(federation, 'ID', task.id, TaskTransition.TASK_TRANSITION_CANCEL, { reason: 'duplicate' });
    expect(await failureOf(move(federation, 'ID', task.id, TaskTransition.TASK_TRANSITION_ASSIGN))).toMatchObject({ code: 9, message: `task ${task.id} is cancelled: a cancelled task cannot be reopened` });
    expect(await failureOf(move(federation, 'AU', task.id, TaskTransition.TASK_TRANSITION_CANCEL, { reason: 'not yours' }))).toMatchObject({ code: 5, message: `AU has no task ${task.id}` });
  });

  it('an ended request linked to an operation is released to its timeline as who asked whom and how it ended', async () => {
    const operation = await createOperation(federation, 'AU', ['ID', 'TH'], 'Coral Tide requests');
    await operationAt(federation, 'ID', operation.id);
    const sent = await requestAssistance(federation, 'AU', 'ID', { operationId: operation.id, details: `secret detail ${canary}` });
    await requestAt(federation, 'ID', sent.id);
    expect(await failureOf(tasking(federation, 'ID', 'releaseRequest', { requestId: sent.id }))).toMatchObject({ code: 9, message: `request ${sent.id} is requested: its outcome is released once it has ended` });
    await tasking(federation, 'ID', 'answerRequest', { requestId: sent.id, accept: true, reason: '' });
    await tasking(federation, 'ID', 'reportOnRequest', { requestId: sent.id, kind: ReportKind.REPORT_KIND_FULFILLED, note: 'done' });
    await tasking(federation, 'ID', 'releaseRequest', { requestId: sent.id });
    for (const agency of ['AU', 'ID', 'TH']) {
      const entries = await waitFor(async () => {
        const found = (await timelineOf(federation, agency, operation.id)).filter((e) => e.type === 'request.released');
        expect(found).toHaveLength(1);
        return found;
      });
      expect(entries[0]).toMatchObject({ originAgency: 'ID', summary: 'request from AU to ID: fulfilled', releasedRequest: { requestId: sent.id, fromAgency: 'AU', toAgency: 'ID', outcome: 'fulfilled' } });
      expect(JSON.stringify(entries)).not.toContain(canary);
    }
    expect(await failureOf(tasking(federation, 'AU', 'releaseRequest', { requestId: sent.id }))).toMatchObject({ code: 9, message: `request ${sent.id} was released already` });
  });

  it('the hub never carries a task nor a request in clear', () => {
    expect(hub.length).toBeGreaterThan(0);
    expect(hub.filter((data) => data.includes(canary) || data.includes('Bintang') || data.includes('Wibowo') || data.includes('aft hold'))).toEqual([]);
  });
});
