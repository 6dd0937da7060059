import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionKind, PlanActionRequest, PlanningServiceClient } from '@concord/contracts/planning';
import { TaskingServiceClient } from '@concord/contracts/tasking';
import { callUnary } from '@concord/service-kit';
import { TestFederation, waitFor } from '@concord/testkit';
import { person } from './access-helpers.js';
import { accept, createOperation, nextMonth, operationAt, planning } from './planning-helpers.js';
import { createTask } from './tasking-helpers.js';

describe("need to know inside the agency: an operation's private records are for its team", () => {
  let federation: TestFederation;
  let operationId: string;
  let piet: PlanningServiceClient;
  let pietTasks: TaskingServiceClient;
  let taskId: string;

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID'] });
    // AU's first admin creates the operation, ID's accepts it: each is on its agency's team.
    const operation = await createOperation(federation, 'AU', ['ID']);
    operationId = operation.id;
    await operationAt(federation, 'ID', operationId);
    await accept(federation, 'ID', operationId, 1);
    await operationAt(federation, 'AU', operationId, (o) => expect(o.status).toBeGreaterThan(1));
    const window = nextMonth();
    const { action } = await planning(
      federation,
      'AU',
      'planAction',
      PlanActionRequest.fromPartial({ operationId, kind: ActionKind.ACTION_KIND_PORT_INSPECTION, window: { start: new Date(window.start.getTime() + 86_400_000), end: new Date(window.start.getTime() + 2 * 86_400_000) }, jurisdiction: 'AU', leadUnit: 'Darwin water police', details: { targets: 'MV Example', notes: 'boarding team B' } }),
    );
    taskId = (await createTask(federation, 'AU', { actionId: action!.id, title: 'Board MV Example at Darwin' })).id;
    // Piet is a planner at AU, but nobody put him on the operation's team.
    const pietTokens = await person(federation, 'AU', 'piet', ['planner']);
    piet = federation.client('AU', 'planning', PlanningServiceClient, pietTokens);
    pietTasks = federation.client('AU', 'tasking', TaskingServiceClient, pietTokens);
  });
  afterAll(async () => {
    piet?.close();
    pietTasks?.close();
    await federation?.stop();
  });

  it('a planner not on the team sees the shared projection of the actions, not their private fields, and no targets, notices or tasks', async () => {
    const { actions } = await callUnary(piet, 'listActions', { operationId });
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ agency: 'AU', kind: ActionKind.ACTION_KIND_PORT_INSPECTION, leadUnit: '' });
    expect(actions[0]!.details).toBeUndefined();
    await expect(callUnary(piet, 'listTargets', { operationId })).rejects.toMatchObject({ code: status.PERMISSION_DENIED, message: expect.stringContaining(`not on the team of operation ${operationId} in AU`) });
    await expect(callUnary(piet, 'listNotices', { operationId })).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    expect((await callUnary(pietTasks, 'listTasks', { actionId: '', requestId: '', includeClosed: true })).tasks).toEqual([]);
    await expect(callUnary(pietTasks, 'getTask', { taskId })).rejects.toMatchObject({ code: status.PERMISSION_DENIED, message: expect.stringContaining('whose team you are not on') });
    // He cannot add himself either.
    await expect(callUnary(piet, 'addTeamMember', { operationId, username: 'piet' })).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
  });

  it('once a planner on the team adds him, he reads them; once removed, no longer', async () => {
    expect((await planning(federation, 'AU', 'listTeam', { operationId })).members).toEqual(['admin']);
    expect((await planning(federation, 'AU', 'addTeamMember', { operationId, username: 'piet' })).members).toEqual(['admin', 'piet']);
    const { actions } = await callUnary(piet, 'listActions', { operationId });
    expect(actions[0]).toMatchObject({ leadUnit: 'Darwin water police', details: expect.objectContaining({ targets: 'MV Example', notes: 'boarding team B' }) });
    await expect(callUnary(piet, 'listTargets', { operationId })).resolves.toEqual({ registrations: [] });
    expect((await callUnary(pietTasks, 'listTasks', { actionId: '', requestId: '', includeClosed: true })).tasks.map((t) => t.title)).toEqual(['Board MV Example at Darwin']);
    expect((await callUnary(pietTasks, 'getTask', { taskId })).task?.id).toBe(taskId);
    expect((await planning(federation, 'AU', 'removeTeamMember', { operationId, username: 'piet' })).members).toEqual(['admin']);
    expect((await callUnary(piet, 'listActions', { operationId })).actions[0]).toMatchObject({ leadUnit: '' });
  });

  it('teams are the agency\'s own: ID\'s team holds ID\'s people, and every read of private content is audited with the person', async () => {
    expect((await planning(federation, 'ID', 'listTeam', { operationId })).members).toEqual(['admin']);
    const { readFile } = await import('node:fs/promises');
    await waitFor(async () => {
      const log = await readFile(`${federation.prepared.paths.agency('AU').dir}/audit/planning.log`, 'utf8');
      expect(log).toMatch(/"action":"read","actor":"AU","user":\{"subject":"[0-9a-f-]+","name":"piet of AU"\},"subject":"rpc:PlanningService\/ListActions"/);
      expect(log).toMatch(/"user":\{"subject":"[0-9a-f-]+","name":"piet of AU"\},"subject":"rpc:PlanningService\/ListTargets","detail":\{"code":"PERMISSION_DENIED"/);
    });
  });
});
