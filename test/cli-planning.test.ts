import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFederation, waitFor } from '@concord/testkit';
import { concord, concordBin, concordJson, repoRoot, sessionsDir, signInAdmins } from './cli-helpers.js';

interface OperationJson {
  id: string;
  status: string;
  version: number;
  period: { start: string; end: string };
}

describe('the concord command for planners', () => {
  let federation: TestFederation;
  let as: (agency: string, ...args: string[]) => string[];
  let operationId: string;

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID', 'TH'] });
    await signInAdmins(federation.prepared.paths.endpoints, federation.prepared.admins);
    as = (agency, ...args) => ['--endpoints', federation.prepared.paths.endpoints, '--agency', agency, ...args];
  });
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
    for (const agency of ['ID', 'TH']) {
      await waitFor(async () => expect((await concord(as(agency, 'op', 'show', operationId))).code).toBe(0));
      const result = await concord(as(agency, 'op', 'accept', operationId, '--version', '1'));
      expect(result.code, result.stderr).toBe(0);
    }
    await waitFor(async () => expect((await concordJson<OperationJson>(as('TH', 'op', 'show', operationId))).status).toBe('OPERATION_STATUS_AGREED'));
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
    const seen = await waitFor(async () => {
      const actions = await concordJson<Array<{ id: string; agency: string; details?: unknown; released: boolean }>>(as('AU', 'action', 'list', '--op', operationId));
      expect(actions).toHaveLength(1);
      return actions[0]!;
    });
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
    const child = spawn(process.execPath, [concordBin, ...as('AU', 'timeline', '--watch', '--json', '--op', operationId, '--kind', 'action')], { cwd: repoRoot, env: { ...process.env, CONCORD_CONFIG_DIR: sessionsDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await waitFor(() => expect(output.trim().split('\n')).toHaveLength(1), 20_000);
    const [planned] = (await concordJson<Array<{ id: string }>>(as('TH', 'action', 'list', '--op', operationId)));
    expect((await concord(as('TH', 'action', 'update', planned!.id, '--status', 'started'))).code).toBe(0);
    const lines = await waitFor(() => {
      const all = output.trim().split('\n').map((line) => JSON.parse(line) as { cursor: number; entry: { type: string } });
      expect(all.map((l) => l.entry.type)).toEqual(['action.released', 'action.updated']);
      return all;
    });
    expect(lines[1]!.cursor).toBeGreaterThan(lines[0]!.cursor);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
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
    await waitFor(async () => expect(await concordJson<unknown[]>(as('ID', 'jip', 'list', '--op', operationId))).toHaveLength(1));
    expect((await concord(as('ID', 'jip', 'accept', plan.id, '--op', operationId, '--version', '1'))).code).toBe(0);
    expect(await concordJson<unknown[]>(as('AU', 'jip', 'list', '--op', operationId))).toEqual([]);

    const idAction = (await concordJson<{ id: string }>(as('ID', 'action', 'plan', '--op', operationId, '--kind', 'vessel-interdiction', '--start', '2027-03-30', '--end', '2027-04-01', '--jurisdiction', 'ID', '--lead-unit', 'Bakamla'))).id;
    const registered = await concord(as('ID', 'target', 'register', '--op', operationId, '--action', idAction, '--kind', 'vessel-imo', '--value', 'IMO 9074729', '--contact', 'Bakamla desk'));
    expect(registered.stdout).toContain('Registered vessel-imo 9074729');
    expect((await concord(as('TH', 'target', 'register', '--op', operationId, '--action', thAction, '--kind', 'vessel-imo', '--value', '9074729', '--contact', 'TH marine desk'))).code).toBe(0);
    const notices = await waitFor(async () => {
      const text = await concord(as('TH', 'notices', '--op', operationId));
      expect(text.stdout).toContain('Bakamla desk');
      return text.stdout;
    });
    expect(notices).toMatch(new RegExp(`target\\s+${thAction}\\s+ID\\s+${idAction} \\(vessel-interdiction\\)`));
    const badKind = await concord(as('TH', 'target', 'register', '--op', operationId, '--action', thAction, '--kind', 'place', '--value', 'THBKK', '--contact', 'x'));
    expect(badKind.code).toBe(2);
  });
});
