import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from './audit-log.js';
import { verifyAuditFile } from './verify-audit.js';

async function logWith(count: number): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'audit-')), 'intel.log');
  const log = await AuditLog.open(path, { agency: 'AU', service: 'intel' });
  await Promise.all(Array.from({ length: count }, (_, i) => log.append({ action: 'published', actor: 'AU', subject: `alert:${i}` })));
  await log.close();
  return path;
}

describe('audit log', () => {
  it('chains entries across appends made together and across reopening', async () => {
    const path = await logWith(5);
    const reopened = await AuditLog.open(path, { agency: 'AU', service: 'intel' });
    await reopened.append({ action: 'revoked', actor: 'AU', subject: 'alert:0' });
    await reopened.close();
    const report = await verifyAuditFile(path);
    expect(report).toMatchObject({ ok: true, entries: 6, problems: [] });
    expect(report.list.map((e) => e.n)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('finds an altered entry, a removed entry, and a shortened log against its recorded head', async () => {
    const path = await logWith(4);
    const original = await readFile(path, 'utf8');
    const head = await verifyAuditFile(path);

    await writeFile(path, original.replace('alert:2', 'alert:9'));
    expect((await verifyAuditFile(path)).problems).toEqual(['line 3: entry 3 was altered (hash mismatch)']);

    const lines = original.split('\n');
    await writeFile(path, [...lines.slice(0, 1), ...lines.slice(2)].join('\n'));
    expect((await verifyAuditFile(path)).problems).toEqual([
      'line 2: entry 3 where 2 was expected (entries removed or reordered)',
      'line 2: entry 3 does not follow the entry before it (chain broken)',
    ]);

    await writeFile(path, lines.slice(0, 3).join('\n') + '\n');
    const shortened = await verifyAuditFile(path, { entries: head.entries, hash: head.head });
    expect(shortened.ok).toBe(false);
    expect(shortened.problems[0]).toMatch(/^the log ends at entry 3/);
  });

  it('refuses to continue a log that does not verify', async () => {
    const path = await logWith(2);
    await writeFile(path, (await readFile(path, 'utf8')).replace('alert:1', 'alert:7'));
    await expect(AuditLog.open(path, { agency: 'AU', service: 'intel' })).rejects.toThrow(/does not verify \(line 2: entry 2 was altered/);
  });
});
