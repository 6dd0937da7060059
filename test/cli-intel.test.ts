/** The `concord alert` and `concord audit` commands end to end, through the real bin. */
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFederation, waitFor } from '@concord/testkit';
import { concord, concordJson, signInAdmins } from './cli-helpers.js';
import { accept, createOperation, operationAt } from './planning-helpers.js';
import { stixProblems } from './stix-validator.js';

interface AlertJson {
  id: string;
  status: string;
  version: number;
  recipients: string[];
  content?: { body?: string; vessel?: { imo: string } };
  deliveries?: { agency: string; deliveredVersion?: number; acknowledgedVersion?: number }[];
  feedback?: { agency: string; note: string }[];
}

// Each command is a process of its own, seconds apiece when the machine is busy: a test of ten of them needs room.
describe('the concord command for PIU analysts', { timeout: 120_000 }, () => {
  let federation: TestFederation;
  let as: (agency: string, ...args: string[]) => string[];
  let alertId: string;

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['ID', 'AU', 'TH'] });
    await signInAdmins(federation.prepared.paths.endpoints, federation.prepared.admins);
    as = (agency, ...args) => ['--endpoints', federation.prepared.paths.endpoints, '--data-dir', federation.dir, '--agency', agency, ...args];
  });
  afterAll(() => federation?.stop());
  /**
   * Arrival is awaited in the agency's own book, not by polling the command: each poll would spawn a
   * process, and an RPC would open the alert and write to the audit log this file examines.
   */
  const heldBy = (agency: string, id: string) => waitFor(() => expect(federation.intel(agency).book.get(id)).toBeDefined());

  it('publishes a vessel alert, which recipients show, acknowledge and report on', async () => {
    const published = await concordJson<AlertJson>(
      as('ID', '--tz', 'Asia/Jakarta', 'alert', 'publish', '--to', 'AU,TH', '--label', 'amber', '--kind', 'vessel-of-interest', '--title', 'KM Bintang Laut', '--imo', 'IMO 9074729', '--flag', 'id', '--place', 'idkoe', '--eta', '2027-03-02T04:00', '--source', 'B', '--credibility', '2', '--body', 'thirty passengers'),
    );
    alertId = published.id;
    expect(published).toMatchObject({ version: 1, recipients: ['AU', 'TH'], content: { vessel: { imo: '9074729' } } });

    await heldBy('AU', alertId);
    const shown = await concord(as('AU', '--tz', 'Asia/Jakarta', 'alert', 'show', alertId));
    expect(shown.stdout).toContain('TLP:AMBER');
    expect(shown.stdout).toContain('2027-03-02 04:00 Asia/Jakarta (UTC+07:00)');
    expect(shown.stdout).toContain('thirty passengers');
    expect((await concord(as('AU', 'alert', 'ack', alertId))).code).toBe(0);
    await heldBy('TH', alertId);
    expect((await concord(as('TH', 'alert', 'list'))).stdout).toContain(alertId);
    expect((await concord(as('TH', 'alert', 'sight', alertId, '--note', 'seen off Ashmore Reef', '--place', 'AUDRW'))).code).toBe(0);

    await waitFor(async () => {
      const atId = await concordJson<AlertJson>(as('ID', 'alert', 'show', alertId));
      expect(atId.deliveries).toEqual([
        expect.objectContaining({ agency: 'AU', deliveredVersion: 1, acknowledgedVersion: 1 }),
        expect.objectContaining({ agency: 'TH', deliveredVersion: 1 }),
      ]);
      expect(atId.feedback).toEqual([expect.objectContaining({ agency: 'TH', note: 'seen off Ashmore Reef' })]);
    });
    const stix = JSON.parse((await concord(as('AU', 'alert', 'export', alertId))).stdout) as { type: string; objects: { type: string }[] };
    expect(stix.type).toBe('bundle');
    expect(stix.objects.map((o) => o.type)).toEqual(['marking-definition', 'identity', 'identity', 'indicator', 'sighting']);
    expect(stixProblems(stix)).toEqual([]);
  });

  it('releases an alert to the participants of an operation, and revokes it', async () => {
    const operation = await createOperation(federation, 'AU', ['ID', 'TH']);
    await operationAt(federation, 'ID', operation.id);
    for (const agency of ['ID', 'TH']) await accept(federation, agency, operation.id, 1);
    const published = await concordJson<AlertJson>(as('ID', 'alert', 'publish', '--to-participants-of', operation.id, '--op', operation.id, '--label', 'green', '--kind', 'route-or-modus-operandi', '--title', 'Kupang to Ashmore', '--waypoints', 'IDKOE,AUDRW', '--mode', 'sea'));
    expect(published.recipients).toEqual(['AU', 'TH']);
    const revoked = await concordJson<AlertJson>(as('ID', 'alert', 'revoke', published.id, '--reason', 'route abandoned'));
    expect(revoked.status).toBe('ALERT_STATUS_REVOKED');
    await waitFor(() => expect(federation.intel('TH').book.get(published.id)?.status).toBe('revoked'));
    expect((await concordJson<AlertJson>(as('TH', 'alert', 'show', published.id))).status).toBe('ALERT_STATUS_REVOKED');
  });

  it('audit show lists who did what: the person behind each act and each opening, across the agency\'s logs', async () => {
    const mine = await concordJson<Array<{ service: string; action: string; subject: string; user?: { name: string } }>>(as('AU', 'audit', 'show', '--user', 'administrator'));
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ service: 'intel', action: 'opened', subject: `alert:${alertId}`, user: expect.objectContaining({ name: 'AU administrator' }) }),
        expect.objectContaining({ service: 'intel', action: 'called', subject: 'rpc:IntelService/AcknowledgeAlert', user: expect.objectContaining({ name: 'AU administrator' }) }),
      ]),
    );
    expect(mine.every((entry) => entry.user?.name === 'AU administrator')).toBe(true);
    expect(await concordJson(as('AU', 'audit', 'show', '--user', 'nobody-here'))).toEqual([]);
    expect(await concordJson(as('AU', 'audit', 'show', '--since', '2999-01-01'))).toEqual([]);
    const text = await concord(as('AU', 'audit', 'show', '--service', 'intel'));
    expect(text.stdout).toMatch(/intel\s+opened\s+AU administrator\s+alert:/);
  });

  it('names the flag at fault', async () => {
    const missing = await concord(as('ID', 'alert', 'publish', '--to', 'AU', '--kind', 'vessel-of-interest', '--title', 'x', '--label', 'purple'));
    expect(missing).toMatchObject({ code: 2, stderr: 'error: invalid input: --label: "purple" is not one of clear, green, amber, amber-strict, red\n' });
    const both = await concord(as('ID', 'alert', 'publish', '--label', 'red', '--kind', 'other', '--title', 'x'));
    expect(both.stderr).toBe('error: invalid input: --to: give --to <agencies> or --to-participants-of <operation-id>\n');
    const red = await concordJson<AlertJson>(as('ID', 'alert', 'publish', '--to', 'AU', '--label', 'red', '--kind', 'other', '--title', 'eyes only'));
    await heldBy('AU', red.id);
    expect((await concord(as('AU', 'alert', 'show', red.id))).code).toBe(0);
    const forward = await concord(as('AU', 'alert', 'forward', red.id, '--to', 'TH'));
    expect(forward).toMatchObject({ code: 1, stderr: 'error: TLP:RED is for its named recipients only: it cannot be forwarded\n' });
  });

  it('audit verify finds a modified and a deleted entry', async () => {
    const verify = () => concord(as('TH', 'audit', 'verify'));
    const intact = await verify();
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/entries, chain intact\.\nhead \d+:[0-9a-f]{64}\n$/);

    // An insider edits the log at rest.
    await federation.stopServices('TH');
    const path = federation.prepared.paths.agency('TH').dir + '/audit/intel.log';
    const original = await readFile(path, 'utf8');
    const lines = original.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(3);

    await writeFile(path, original.replace('"actor":"TH"', '"actor":"AU"'));
    const modified = await verify();
    expect(modified.code).toBe(1);
    expect(modified.stdout).toMatch(/1 problem\(s\) in \d+ entries:\n {2}line \d+: entry \d+ was altered \(hash mismatch\)\n$/);

    await writeFile(path, [...lines.slice(0, 1), ...lines.slice(2)].join('\n') + '\n');
    const deleted = await verify();
    expect(deleted.code).toBe(1);
    expect(deleted.stdout).toContain('line 2: entry 3 where 2 was expected (entries removed or reordered)');

    // The service refuses to write on top of a log that does not verify; restored, it carries on.
    // The refusal names the service and the step, not only what went wrong.
    await expect(federation.startServices('TH')).rejects.toThrow(/^intel service, opening its audit log: audit log .* does not verify/);
    await writeFile(path, original);
    await federation.startServices('TH');
    expect((await verify()).code).toBe(0);
  });
});
