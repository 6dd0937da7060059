/**
 * `concord task ...` and `concord rfa ...`: assignments inside the acting agency (never shared), and
 * requests for assistance between agencies (sealed for the two).
 */
import type { Command } from 'commander';
import {
  AssistanceKind,
  AssistanceRequest,
  ChangeTaskRequest,
  CreateTaskRequest,
  ReportKind,
  RequestAssistanceRequest,
  RequestStatus,
  Task,
  TaskChangeKind,
  TaskStatus,
  TaskTransition,
  type TaskingServiceClient,
  type WatchTasksResponse,
} from '@concord/contracts/tasking';
import { callUnary as call } from '@concord/service-kit/client';
import { enumFlag } from '../enum-flag.js';
import { followStream } from '../follow-stream.js';
import { print, table } from '../output.js';
import { withTasking } from '../service-client.js';
import { formatInstant, parseInstant } from '../time-zone.js';
import { commandSummaries } from '../command-summaries.js';

const taskStatus = enumFlag(TaskStatus, 'TASK_STATUS_');
const transition = enumFlag(TaskTransition, 'TASK_TRANSITION_');
const assistance = enumFlag(AssistanceKind, 'ASSISTANCE_KIND_');
const requestStatus = enumFlag(RequestStatus, 'REQUEST_STATUS_');
const changeKind = enumFlag(TaskChangeKind, 'TASK_CHANGE_KIND_');

function describeTask(task: Task, zone: string): string {
  return [
    table([
      ['id', task.id],
      ['title', task.title],
      ['for', task.actionId ? `action ${task.actionId}` : `request ${task.requestId}`],
      ['status', `${taskStatus.name(task.status)}${task.reason ? `: ${task.reason}` : ''}${task.overdue ? ' (OVERDUE)' : ''}`],
      ['team', task.team || '-'],
      ['assignee', task.assignee || '-'],
      ['due', formatInstant(task.dueAt, zone)],
      ['resources', task.resources.join(', ') || '-'],
      ['instructions', task.instructions || '-'],
      ['communications', task.communications || '-'],
    ]),
    '',
    'History:',
    table(task.history.map((h) => [formatInstant(h.at, zone), taskStatus.name(h.status), h.reason])),
  ].join('\n');
}

function describeRequest(request: AssistanceRequest, zone: string): string {
  return [
    table([
      ['id', request.id],
      ['from > to', `${request.fromAgency} > ${request.toAgency}`],
      ['kind', assistance.name(request.kind)],
      ['subject', request.subject],
      ['details', request.details || '-'],
      ['due', `${formatInstant(request.dueAt, zone)}${request.overdue ? ' (OVERDUE)' : ''}`],
      ['status', requestStatus.name(request.status)],
      ['answer', request.answer || '-'],
      ...(request.operationId ? [['operation', request.operationId]] : []),
      ...(request.alertId ? [['alert', request.alertId]] : []),
      ...(request.actionId ? [['action', request.actionId]] : []),
    ]),
    '',
    'History:',
    table(request.history.map((h) => [formatInstant(h.at, zone), h.by, requestStatus.name(h.status), h.note])),
  ].join('\n');
}

interface TaskFlags {
  title?: string;
  team?: string;
  assignee?: string;
  resources?: string;
  instructions?: string;
  communications?: string;
  due?: string;
}

const taskFieldOptions = (command: Command) =>
  command
    .option('--team <unit>', 'team or unit')
    .option('--assignee <name>', 'who carries it out')
    .option('--resources <list>', 'comma-separated: vehicles, boats, equipment')
    .option('--instructions <text>', 'what to do')
    .option('--communications <text>', 'radio channels, phone numbers, call signs')
    .option('--due <when>', 'due time');

export function registerTasks(program: Command): void {
  const task = program.command('task').description(commandSummaries.task);
  const showTask = (t: Task, json: boolean, zone: string, heading = '') => print(json, Task.toJSON(t), () => `${heading}${describeTask(t, zone)}`);

  taskFieldOptions(
    task
      .command('create')
      .description('create a task for a national action of this agency, or for a request for assistance it accepted')
      .option('--action <action-id>', 'the national action it carries out')
      .option('--request <request-id>', 'or the accepted request it answers')
      .requiredOption('--title <text>', 'what the task is'),
  ).action(async (flags: TaskFlags & { action?: string; request?: string; title: string }, command: Command) =>
    withTasking(command, async ({ client, options, zone }) => {
      const request = CreateTaskRequest.fromPartial({
        actionId: flags.action ?? '',
        requestId: flags.request ?? '',
        title: flags.title,
        team: flags.team ?? '',
        assignee: flags.assignee ?? '',
        resources: flags.resources ? flags.resources.split(',').map((r) => r.trim()) : [],
        instructions: flags.instructions ?? '',
        communications: flags.communications ?? '',
        dueAt: flags.due ? parseInstant('--due', flags.due, zone) : undefined,
      });
      showTask((await call(client, 'createTask', request)).task!, options.json, zone, 'Created (private to this agency).\n');
    }),
  );

  taskFieldOptions(task.command('edit').argument('<task-id>').description('change a task\'s fields').option('--title <text>', 'a new title')).action(
    async (taskId: string, flags: TaskFlags, command: Command) =>
      withTasking(command, async ({ client, options, zone }) => {
        const request = ChangeTaskRequest.fromPartial({
          taskId,
          title: flags.title,
          team: flags.team,
          assignee: flags.assignee,
          instructions: flags.instructions,
          communications: flags.communications,
          dueAt: flags.due ? parseInstant('--due', flags.due, zone) : undefined,
          resources: flags.resources ? flags.resources.split(',').map((r) => r.trim()) : [],
          setResources: flags.resources !== undefined,
        });
        showTask((await call(client, 'changeTask', request)).task!, options.json, zone);
      }),
  );

  const moves: Array<[string, string, string]> = [
    ['assign', 'assign the task (to --assignee, or the one it has)', 'assign'],
    ['accept', 'the assignee accepts it', 'accept'],
    ['start', 'work starts', 'start'],
    ['done', 'the task is done', 'complete'],
    ['block', 'the task is blocked (--reason required)', 'block'],
    ['resume', 'a blocked task goes on', 'resume'],
    ['cancel', 'cancel the task (--reason required)', 'cancel'],
  ];
  for (const [name, description, move] of moves) {
    task
      .command(name)
      .argument('<task-id>')
      .description(description)
      .option('--reason <text>', 'why', '')
      .option('--assignee <name>', 'with assign: who')
      .action(async (taskId: string, flags: { reason: string; assignee?: string }, command: Command) =>
        withTasking(command, async ({ client, options, zone }) => {
          const request = ChangeTaskRequest.fromPartial({ taskId, transition: transition.parse(name, move), reason: flags.reason, assignee: flags.assignee });
          showTask((await call(client, 'changeTask', request)).task!, options.json, zone);
        }),
      );
  }

  task
    .command('list')
    .description('this agency\'s open tasks, by due time')
    .option('--action <action-id>', 'only for this action', '')
    .option('--request <request-id>', 'only for this request', '')
    .option('--all', 'also done and cancelled tasks', false)
    .action(async (flags: { action: string; request: string; all: boolean }, command: Command) =>
      withTasking(command, async ({ client, options, zone }) => {
        const { tasks } = await call(client, 'listTasks', { actionId: flags.action, requestId: flags.request, includeClosed: flags.all });
        print(options.json, tasks.map((t) => Task.toJSON(t)), () =>
          tasks.length === 0 ? 'No tasks.' : table([['id', 'status', 'due', 'team', 'assignee', 'title'], ...tasks.map((t) => [t.id, `${taskStatus.name(t.status)}${t.overdue ? ' OVERDUE' : ''}`, formatInstant(t.dueAt, zone), t.team || '-', t.assignee || '-', t.title])]),
        );
      }),
    );

  task
    .command('show')
    .argument('<task-id>')
    .description('one task with its history')
    .action(async (taskId: string, _flags: unknown, command: Command) => withTasking(command, async ({ client, options, zone }) => showTask((await call(client, 'getTask', { taskId })).task!, options.json, zone)));

  task
    .command('notices')
    .description('what is overdue now: this agency\'s tasks, and requests it made or received')
    .action(async (_flags: unknown, command: Command) =>
      withTasking(command, async ({ client, options, zone }) => {
        const { notices } = await call(client, 'listTaskNotices', {});
        print(options.json, notices, () => (notices.length === 0 ? 'Nothing is overdue.' : table([['kind', 'id', 'due', 'with', 'what'], ...notices.map((n) => [n.kind, n.id, formatInstant(n.dueAt, zone), n.counterpart || '-', n.title])])));
      }),
    );

  task
    .command('watch')
    .description('follow every change to this agency\'s tasks and requests, overdue notices included (Ctrl-C to stop)')
    .action(async (_flags: unknown, command: Command) =>
      withTasking(command, ({ client, options, zone }) =>
        followStream<WatchTasksResponse>(client.watchTasks({}), (response) => {
          const what = changeKind.name(response.change);
          if (options.json) process.stdout.write(`${JSON.stringify({ change: what, task: response.task ? Task.toJSON(response.task) : undefined, request: response.request ? AssistanceRequest.toJSON(response.request) : undefined })}\n`);
          else if (response.task) process.stdout.write(`${formatInstant(response.task.updatedAt, zone)}  ${what.padEnd(8)}  task ${response.task.id}  ${taskStatus.name(response.task.status)}  ${response.task.title}\n`);
          else if (response.request) process.stdout.write(`${formatInstant(response.request.updatedAt, zone)}  ${what.padEnd(8)}  request ${response.request.id}  ${response.request.fromAgency} > ${response.request.toAgency}  ${requestStatus.name(response.request.status)}\n`);
        }),
      ),
    );

  registerRequests(program);
}

function registerRequests(program: Command): void {
  const rfa = program.command('rfa').description(commandSummaries.rfa);
  const showRequest = (r: AssistanceRequest, json: boolean, zone: string, heading = '') => print(json, AssistanceRequest.toJSON(r), () => `${heading}${describeRequest(r, zone)}`);

  rfa
    .command('send')
    .description('ask another agency to act; the request is signed and sealed for it alone')
    .requiredOption('--to <agency>', 'the agency asked')
    .requiredOption('--kind <kind>', assistance.help)
    .requiredOption('--subject <text>', 'what it is about: a vessel, a passport, a phone number, a person')
    .requiredOption('--due <when>', 'by when')
    .option('--details <text>', 'what exactly is asked', '')
    .option('--op <operation-id>', 'the operation it belongs to', '')
    .option('--alert <alert-id>', 'the alert it follows', '')
    .option('--action <action-id>', 'the action it supports', '')
    .action(async (flags: { to: string; kind: string; subject: string; due: string; details: string; op: string; alert: string; action: string }, command: Command) =>
      withTasking(command, async ({ client, options, zone }) => {
        const request = RequestAssistanceRequest.fromPartial({ toAgency: flags.to, kind: assistance.parse('--kind', flags.kind), subject: flags.subject, details: flags.details, dueAt: parseInstant('--due', flags.due, zone), alertId: flags.alert, actionId: flags.action, operationId: flags.op });
        showRequest((await call(client, 'requestAssistance', request)).request!, options.json, zone, 'Sent.\n');
      }),
    );

  type Answer = (client: TaskingServiceClient, requestId: string, note: string) => Promise<{ request?: AssistanceRequest | undefined }>;
  const answers: Array<[string, string, Answer]> = [
    ['accept', 'accept a request addressed to this agency', (c, requestId, note) => call(c, 'answerRequest', { requestId, accept: true, reason: note })],
    ['decline', 'decline it (--reason required)', (c, requestId, note) => call(c, 'answerRequest', { requestId, accept: false, reason: note })],
    ['progress', 'report progress on an accepted request', (c, requestId, note) => call(c, 'reportOnRequest', { requestId, kind: ReportKind.REPORT_KIND_PROGRESS, note })],
    ['fulfil', 'report it fulfilled, with the reply', (c, requestId, note) => call(c, 'reportOnRequest', { requestId, kind: ReportKind.REPORT_KIND_FULFILLED, note })],
    ['unable', 'report it could not be done, and why', (c, requestId, note) => call(c, 'reportOnRequest', { requestId, kind: ReportKind.REPORT_KIND_UNABLE, note })],
    ['cancel', 'withdraw a request this agency made', (c, requestId, note) => call(c, 'cancelRequest', { requestId, reason: note })],
  ];
  for (const [name, description, make] of answers) {
    rfa
      .command(name)
      .argument('<request-id>')
      .description(description)
      .option('--reason <text>', 'the reason, note or reply', '')
      .action(async (requestId: string, flags: { reason: string }, command: Command) =>
        withTasking(command, async ({ client, options, zone }) => showRequest((await make(client, requestId, flags.reason)).request!, options.json, zone)),
      );
  }

  rfa
    .command('release')
    .argument('<request-id>')
    .description('release how an ended request went to its operation\'s shared timeline ("request from AU to ID: fulfilled")')
    .action(async (requestId: string, _flags: unknown, command: Command) =>
      withTasking(command, async ({ client, options, zone }) => showRequest((await call(client, 'releaseRequest', { requestId })).request!, options.json, zone, 'Released to the timeline.\n')),
    );

  rfa
    .command('list')
    .description('requests this agency made or received')
    .option('--all', 'also ended requests', false)
    .action(async (flags: { all: boolean }, command: Command) =>
      withTasking(command, async ({ client, options, zone }) => {
        const { requests } = await call(client, 'listRequests', { includeClosed: flags.all });
        print(options.json, requests.map((r) => AssistanceRequest.toJSON(r)), () =>
          requests.length === 0 ? 'No requests.' : table([['id', 'from > to', 'kind', 'status', 'due', 'subject'], ...requests.map((r) => [r.id, `${r.fromAgency} > ${r.toAgency}`, assistance.name(r.kind), `${requestStatus.name(r.status)}${r.overdue ? ' OVERDUE' : ''}`, formatInstant(r.dueAt, zone), r.subject])]),
        );
      }),
    );

  rfa
    .command('show')
    .argument('<request-id>')
    .description('one request with its history')
    .action(async (requestId: string, _flags: unknown, command: Command) => withTasking(command, async ({ client, options, zone }) => showRequest((await call(client, 'getRequest', { requestId })).request!, options.json, zone)));
}
