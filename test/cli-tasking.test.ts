/** The `concord task` and `concord rfa` commands end to end, through the real bin. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestStatus } from '@concord/contracts/tasking';
import { TestFederation } from '@concord/testkit';
import { concord, concordJson, signInAdmins } from './cli-helpers.js';
import { requestAt } from './tasking-helpers.js';

interface RequestJson {
  id: string;
  status: string;
  answer?: string;
  history: { status: string }[];
}
interface TaskJson {
  id: string;
  status: string;
}

// Each command is a process of its own, seconds apiece when the machine is busy: a test of ten of them needs room.
describe('the concord command for tasking', { timeout: 120_000 }, () => {
  let federation: TestFederation;
  let as: (agency: string, ...args: string[]) => string[];

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID'] });
    await signInAdmins(federation.prepared.paths.endpoints, federation.prepared.admins);
    as = (agency, ...args) => ['--endpoints', federation.prepared.paths.endpoints, '--agency', agency, ...args];
  });
  afterAll(() => federation?.stop());

  it('sends a request, which the other agency accepts, tasks, and fulfils', async () => {
    const sent = await concordJson<RequestJson>(as('AU', 'rfa', 'send', '--to', 'ID', '--kind', 'verify-passport', '--subject', 'A1234567 (ID)', '--due', '2030-01-01'));
    // Arrival is awaited in-process: polling by spawning the command costs a process each time.
    await requestAt(federation, 'ID', sent.id);
    expect((await concord(as('ID', 'rfa', 'show', sent.id))).code).toBe(0);
    expect((await concord(as('ID', 'rfa', 'accept', sent.id))).code).toBe(0);
    const task = await concordJson<TaskJson>(as('ID', 'task', 'create', '--request', sent.id, '--title', 'Check the issuance register', '--team', 'Immigration', '--assignee', 'Brig. Sari', '--resources', 'register access,desk 4'));
    for (const step of ['assign', 'accept', 'start', 'done']) {
      const moved = await concord(as('ID', 'task', step, task.id));
      expect(moved.code, moved.stderr).toBe(0);
    }
    const shown = await concord(as('ID', 'task', 'show', task.id));
    expect(shown.stdout).toMatch(/status\s+done/);
    expect((await concord(as('ID', 'rfa', 'fulfil', sent.id, '--reason', 'genuine, issued 2024 in Jakarta'))).code).toBe(0);
    await requestAt(federation, 'AU', sent.id, (request) => expect(request.status).toBe(RequestStatus.REQUEST_STATUS_FULFILLED));
    const atAu = await concordJson<RequestJson>(as('AU', 'rfa', 'show', sent.id));
    expect(atAu.status).toBe('REQUEST_STATUS_FULFILLED');
    expect(atAu.history.map((h) => h.status)).toEqual(['REQUEST_STATUS_REQUESTED', 'REQUEST_STATUS_ACCEPTED', 'REQUEST_STATUS_IN_PROGRESS', 'REQUEST_STATUS_FULFILLED']);
    expect((await concord(as('AU', 'task', 'list', '--all'))).stdout).toBe('No tasks.\n');
  });

  it('names the flag or the rule at fault', async () => {
    expect(await concord(as('AU', 'rfa', 'send', '--to', 'ID', '--kind', 'arrest', '--subject', 'x', '--due', '2030-01-01'))).toMatchObject({
      code: 2,
      stderr: 'error: invalid input: --kind: "arrest" is not one of inspect-vessel, verify-passport, trace-phone, share-records, hold-for-interview, other\n',
    });
    const sent = await concordJson<RequestJson>(as('AU', 'rfa', 'send', '--to', 'ID', '--kind', 'other', '--subject', 'y', '--due', '2030-01-01'));
    await requestAt(federation, 'ID', sent.id);
    expect((await concord(as('ID', 'rfa', 'show', sent.id))).code).toBe(0);
    expect(await concord(as('ID', 'task', 'create', '--request', sent.id, '--title', 'z'))).toMatchObject({ code: 1, stderr: `error: request ${sent.id} is requested: accept it before tasking it\n` });
    expect(await concord(as('ID', 'rfa', 'decline', sent.id))).toMatchObject({ code: 2, stderr: 'error: invalid request: reason: is required to decline\n' });
    const blocked = await concord(as('ID', 'task', 'block', 'no-such-task'));
    expect(blocked).toMatchObject({ code: 1, stderr: 'error: ID has no task no-such-task\n' });
  });
});
