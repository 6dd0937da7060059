import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperationStatus } from '@concord/contracts/planning';
import { TestFederation, waitFor } from '@concord/testkit';
import { concord, concordBin, concordJson, repoRoot, signInAdmins } from './cli-helpers.js';
import { operationAt, planning } from './planning-helpers.js';

const agreed = (o: { status: number }) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_AGREED);

interface OperationJson {
  id: string;
  status: string;
  version: number;
  period: { start: string; end: string };
}

// Each command is a process of its own, seconds apiece when the machine is busy: a test of ten of them needs room.
describe('the concord command for planners', { timeout: 120_000 }, () => {
  let federation: TestFederation;
  let as: (agency: string, ...args: string[]) => string[];
  let operationId: string;

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID', 'TH', 'CA'] });
    await signInAdmins(federation.prepared.paths.endpoints, federation.prepared.admins);
    as = (agency, ...args) => ['--endpoints', federation.prepared.paths.endpoints, '--agency', agency, ...args];
  }, 180_000);
  afterAll(() => federation?.stop());

  it('creates an operation with times read in Auckland, and shows them in any zone, across the daylight-saving change', async () => {
    const created = await concordJson<OperationJson>(as('AU', '--tz', 'Pacific/Auckland', 'op', 'create', '--name', 'Coral Tide', '--participants', 'ID,TH', '--co-chairs', 'AU,ID', '--start', '2027-03-28T01:00', '--end', '2027-04-11T00:00'));
    operationId = created.id;
    expect(created.period).toEqual({ start: '2027-03-27T12:00:00.000Z', end: '2027-04-10T12:00:00.000Z' });
    const shown = await concord(as('AU', '--tz', 'Pacific/Auckland', 'op', 'show', operationId));
    expect(shown.stdout).toContain('2027-03-28 01:00 Pacific/Auckland (UTC+13:00) to 2027-04-11 00:00 Pacific/Auckland (UTC+12:00)');
    const kabul = await concord(as('AU', '--tz', 'Asia/Kabul', 'op', 'show', operationId));
    expect(kabul.stdout).toContain('2027-03-27 16:30 Asia/Kabul (UTC+04:30) to 2027-04-10 16:30 Asia/Kabul (UTC+04:30)');
  });

  it('takes acceptance from each participant until the operation is agreed', async () => {
    // Arrival and agreement are awaited in-process: polling by spawning the command costs a process each time.
    for (const agency of ['ID', 'TH']) {
      await operationAt(federation, agency, operationId);
      expect((await concord(as(agency, 'op', 'show', operationId))).code).toBe(0);
      const result = await concord(as(agency, 'op', 'accept', operationId, '--version', '1'));
      expect(result.code, result.stderr).toBe(0);
    }
    await operationAt(federation, 'TH', operationId, agreed);
    expect((await concordJson<OperationJson>(as('TH', 'op', 'show', operationId))).status).toBe('OPERATION_STATUS_AGREED');
  });

  it('schedules a milestone, plans and releases an action, and lists them, filtered', async () => {
    const milestone = await concord(as('ID', 'milestone', 'schedule', '--op', operationId, '--kind', 'initial-planning', '--title', 'Initial planning meeting', '--start', '2027-03-28', '--end', '2027-03-29', '--location', 'Bangkok'));
    expect(milestone.code, milestone.stderr).toBe(0);
    // Proto JSON leaves out default values: no outsidePeriod means false.
    const planned = await concordJson<{ id: string; outsidePeriod?: boolean; details: { targets: string } }>(
      as('TH', 'action', 'plan', '--op', operationId, '--kind', 'vessel-interdiction', '--start', '2027-03-30', '--end', '2027-04-02', '--jurisdiction', 'TH', '--lead-unit', 'Marine Police', '--location', 'THLCH', '--targets', 'MV Example'),
    );
    expect(planned.outsidePeriod).toBeUndefined();
    expect(planned.details.targets).toBe('MV Example');
    expect((await concord(as('TH', 'action', 'release', planned.id))).code).toBe(0);
    await waitFor(async () => expect((await planning(federation, 'AU', 'listActions', { operationId })).actions).toHaveLength(1));
    const actions = await concordJson<Array<{ id: string; agency: string; details?: unknown; released: boolean }>>(as('AU', 'action', 'list', '--op', operationId));
    expect(actions).toHaveLength(1);
    const seen = actions[0]!;
    expect(seen).toMatchObject({ id: planned.id, agency: 'TH', released: true });
    expect(seen.details).toBeUndefined();
    const milestones = await concord(as('AU', 'milestone', 'list', '--op', operationId));
    expect(milestones.stdout).toMatch(/initial-planning\s+Initial planning meeting/);
    const entries = await concordJson<Array<{ type: string }>>(as('AU', 'timeline', '--op', operationId, '--kind', 'action,milestone'));
    expect(entries.map((e) => e.type)).toEqual(['milestone.scheduled', 'action.released']);
  });

  it('exports the operation as an iCalendar file', async () => {
    const file = join(federation.dir, 'coral-tide.ics');
    const result = await concord(as('AU', 'export', '--op', operationId, '--format', 'ics', '--output', file));
    expect(result.code, result.stderr).toBe(0);
    const ics = await readFile(file, 'utf8');
    expect(ics).toMatch(/^BEGIN:VCALENDAR/);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(3);
  });

  it('watches the timeline live, printing each new entry with its cursor, until Ctrl-C', async () => {
    const child = spawn(process.execPath, [concordBin, ...as('AU', 'timeline', '--watch', '--json', '--op', operationId, '--kind', 'action')], { cwd: repoRoot, env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await waitFor(() => expect(output.trim().split('\n')).toHaveLength(1), 20_000);
    const [planned] = (await concordJson<Array<{ id: string }>>(as('TH', 'action', 'list', '--op', operationId)));
    expect((await concord(as('TH', 'action', 'update', planned!.id, '--start', '2027-03-30', '--end', '2027-04-03'))).code).toBe(0);
    const lines = await waitFor(() => {
      const all = output.trim().split('\n').map((line) => JSON.parse(line) as { cursor: number; entry: { type: string } });
      expect(all.map((l) => l.entry.type)).toEqual(['action.released', 'action.updated']);
      return all;
    });
    expect(lines[1]!.cursor).toBeGreaterThan(lines[0]!.cursor);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('refuses to mark an action started before its window opens, saying what to do', async () => {
    const [planned] = await concordJson<Array<{ id: string }>>(as('TH', 'action', 'list', '--op', operationId));
    const started = await concord(as('TH', 'action', 'update', planned!.id, '--status', 'started'));
    expect(started.code).toBe(1);
    expect(started.stderr).toMatch(/^error: the action cannot be started before its window opens \(2027-03-\d\dT[\d:.]+Z\); if it began earlier, move its window start first$/m);
  });

  it('refuses an operation from an observer at the source, and never reorders the co-chairs', async () => {
    const observer = await concord(as('CA', 'op', 'create', '--name', 'Watching', '--participants', 'AU,ID', '--start', '2027-03-01', '--end', '2027-04-01'));
    expect(observer.code).toBe(1);
    expect(observer.stdout).not.toContain('Operation proposed');
    expect(observer.stderr).toContain('error: CA is not a participating agency (its role is observer): only participating agencies create operations');
    const reordered = await concord(as('AU', 'op', 'create', '--name', 'Reordered', '--participants', 'ID,TH', '--co-chairs', 'ID,AU', '--start', '2027-03-01', '--end', '2027-04-01'));
    expect(reordered.code).toBe(2);
    expect(reordered.stderr).toContain('--co-chairs: "ID,AU" puts ID first, but AU creates and leads the operation: give --co-chairs AU,ID, or for ID to lead, create it with --agency ID');
  });

  it('plans actions only in the acting agency\'s own ISO 3166 jurisdictions', async () => {
    const plan = (agency: string, jurisdiction: string) => concord(as(agency, 'action', 'plan', '--op', operationId, '--kind', 'border-check', '--start', '2027-03-30', '--end', '2027-04-02', '--jurisdiction', jurisdiction, '--lead-unit', 'X'));
    const unknown = await plan('ID', 'XX-YY');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('jurisdiction: XX-YY is not an ISO 3166-1 country or ISO 3166-2 subdivision code');
    const foreign = await plan('ID', 'TH');
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('jurisdiction: TH lies outside ID');
  });

  it('deletes a draft, and records an operation that took place, concluded by a co-chair', async () => {
    const draft = await concordJson<OperationJson>(as('AU', 'op', 'create', '--draft', '--name', 'Draft', '--participants', 'ID', '--start', '2027-03-01', '--end', '2027-04-01'));
    const deleted = await concord(as('AU', 'op', 'cancel', draft.id));
    expect(deleted.stdout).toContain('Draft deleted; it was never sent.');
    expect((await concord(as('AU', 'op', 'show', draft.id))).code).toBe(1);

    const recorded = await concordJson<OperationJson & { recordedAfterTheFact: boolean }>(as('AU', 'op', 'create', '--recorded', '--name', 'Andaman Sea 2015', '--participants', 'TH', '--start', '2015-05-01', '--end', '2015-06-01'));
    expect(recorded.recordedAfterTheFact).toBe(true);
    await operationAt(federation, 'TH', recorded.id);
    expect((await concord(as('TH', 'op', 'accept', recorded.id, '--version', '1'))).code).toBe(0);
    await operationAt(federation, 'AU', recorded.id, agreed);
    expect((await concordJson<OperationJson>(as('AU', 'op', 'show', recorded.id))).status).toBe('OPERATION_STATUS_AGREED');
    const concluded = await concord(as('AU', 'op', 'conclude', recorded.id, '--reason', 'Recorded in full'));
    expect(concluded.code, concluded.stderr).toBe(0);
    expect(concluded.stdout).toContain('Concluded.');
    expect(concluded.stdout).toContain('2015-05-01 00:00 UTC');
    expect(concluded.stdout).toContain('(recorded after the fact)');
  });

  it('names the flag of every bad value', async () => {
    const badKind = await concord(as('TH', 'action', 'plan', '--op', operationId, '--kind', 'boat', '--start', '2027-03-30', '--end', '2027-04-02', '--jurisdiction', 'TH', '--lead-unit', 'X'));
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toContain('--kind: "boat" is not one of vessel-interdiction, port-inspection');
    const badZone = await concord(as('AU', '--tz', 'Mars/Olympus', 'op', 'list'));
    expect(badZone.stderr).toContain('--tz: "Mars/Olympus" is not an IANA time zone');
    const badWindow = await concord(as('TH', 'action', 'plan', '--op', operationId, '--kind', 'border-check', '--start', '2027-04-02', '--end', '2027-03-30', '--jurisdiction', 'TH', '--lead-unit', 'X'));
    expect(badWindow.code).toBe(2);
    expect(badWindow.stderr).toContain('window.end: must be after window.start');
  });

  it('proposes and accepts a joint plan, registers targets, and shows the notices of a match', async () => {
    const actions = await concordJson<Array<{ id: string; agency: string }>>(as('TH', 'action', 'list', '--op', operationId));
    const thAction = actions.find((a) => a.agency === 'TH')!.id;
    const plan = await concordJson<{ id: string; parties: string[] }>(
      as('TH', 'jip', 'propose', '--op', operationId, '--title', 'Route X', '--parties', 'ID', '--objective', 'Find the broker', '--objective', 'Protect witnesses', '--contact', 'TH:Pol. Col. Anan:+66 2 555 0101', '--link', thAction),
    );
    expect(plan.parties).toEqual(['ID', 'TH']);
    await waitFor(async () => expect((await planning(federation, 'ID', 'listJointPlans', { operationId })).plans).toHaveLength(1));
    expect(await concordJson<unknown[]>(as('ID', 'jip', 'list', '--op', operationId))).toHaveLength(1);
    expect((await concord(as('ID', 'jip', 'accept', plan.id, '--op', operationId, '--version', '1'))).code).toBe(0);
    expect(await concordJson<unknown[]>(as('AU', 'jip', 'list', '--op', operationId))).toEqual([]);

    const idAction = (await concordJson<{ id: string }>(as('ID', 'action', 'plan', '--op', operationId, '--kind', 'vessel-interdiction', '--start', '2027-03-30', '--end', '2027-04-01', '--jurisdiction', 'ID', '--lead-unit', 'Bakamla'))).id;
    const registered = await concord(as('ID', 'target', 'register', '--op', operationId, '--action', idAction, '--kind', 'vessel-imo', '--value', 'IMO 9074729', '--contact', 'Bakamla desk'));
    expect(registered.stdout).toContain('Registered vessel-imo 9074729');
    expect((await concord(as('TH', 'target', 'register', '--op', operationId, '--action', thAction, '--kind', 'vessel-imo', '--value', '9074729', '--contact', 'TH marine desk'))).code).toBe(0);
    await waitFor(async () => expect((await planning(federation, 'TH', 'listNotices', { operationId })).notices.map((n) => n.otherContact)).toContain('Bakamla desk'));
    const notices = (await concord(as('TH', 'notices', '--op', operationId))).stdout;
    expect(notices).toContain('Bakamla desk');
    expect(notices).toMatch(new RegExp(`target\\s+${thAction}\\s+ID\\s+${idAction} \\(vessel-interdiction\\)`));
    const badKind = await concord(as('TH', 'target', 'register', '--op', operationId, '--action', thAction, '--kind', 'place', '--value', 'THBKK', '--contact', 'x'));
    expect(badKind.code).toBe(2);
  });

  it('flags a released action outside the period once a change moves the period away from it', async () => {
    const before = await concordJson<Array<{ agency: string; outsidePeriod?: boolean }>>(as('AU', 'action', 'list', '--op', operationId));
    expect(before.filter((a) => a.agency === 'TH').map((a) => a.outsidePeriod)).toEqual([undefined]);
    const changed = await concord(as('AU', 'op', 'change', operationId, '--start', '2027-05-01', '--end', '2027-06-01'));
    expect(changed.code, changed.stderr).toBe(0);
    for (const agency of ['AU', 'TH']) {
      await waitFor(async () => expect((await planning(federation, agency, 'listActions', { operationId })).actions.filter((a) => a.agency === 'TH').map((a) => a.outsidePeriod)).toEqual([true]));
      const listed = await concord(as(agency, 'action', 'list', '--op', operationId));
      expect(listed.stdout.split('\n').find((line) => line.includes(' TH ') && line.includes('vessel-interdiction'))).toContain('outside period');
    }
  });
});
