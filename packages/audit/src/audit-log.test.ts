import { constants } from 'node:fs';
import { mkdtemp, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
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

  it('an append made as soon as the one before resolved is written too, never left waiting', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'audit-')), 'planning.log');
    const log = await AuditLog.open(path, { agency: 'AU', service: 'planning' });
    for (let i = 0; i < 20; i++) await log.append({ action: 'called', actor: 'AU', subject: `rpc:${i}` });
    await log.close();
    expect(await verifyAuditFile(path)).toMatchObject({ ok: true, entries: 20 });
  }, 10_000);

  it('a record the schema refuses fails its own append alone: the appends made with it are written and chained', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'audit-')), 'intel.log');
    const log = await AuditLog.open(path, { agency: 'AU', service: 'intel' });
    const before = log.append({ action: 'published', actor: 'AU', subject: 'alert:1' });
    const bad = log.append({ action: 'published', actor: 'AU', subject: '' });
    const after = log.append({ action: 'revoked', actor: 'AU', subject: 'alert:1' });
    await expect(bad).rejects.toThrow(/audit record refused: subject/);
    expect((await Promise.all([before, after])).map((entry) => entry.n)).toEqual([1, 2]);
    await log.close();
    expect(await verifyAuditFile(path)).toMatchObject({ ok: true, entries: 2 });
  }, 10_000);

  it('group commit: appends made in one turn of the event loop, even promise steps apart, share one sync', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'audit-')), 'intel.log');
    const log = await AuditLog.open(path, { agency: 'ID', service: 'intel' });
    let syncs = 0;
    log.onSync = () => (syncs += 1);
    // As in a call: the event's entry is appended, and the call's own entry a few promise steps later.
    const event = log.append({ action: 'published', actor: 'ID', subject: 'alert:1' });
    for (let step = 0; step < 10; step++) await Promise.resolve();
    const call = log.append({ action: 'called', actor: 'ID', subject: 'rpc:IntelService/PublishAlert' });
    await Promise.all([event, call]);
    expect(syncs).toBe(1);
    // Appends made together share the next one.
    const during = Array.from({ length: 5 }, (_, i) => log.append({ action: 'delivered', actor: 'AU', subject: `alert:${i + 2}` }));
    await Promise.all(during);
    expect(syncs).toBe(2);
    await log.close();
    expect(await verifyAuditFile(path)).toMatchObject({ ok: true, entries: 7 });
  });

  it('each write is on disk when it returns: the file is opened with O_DSYNC, so no separate sync is needed', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'audit-')), 'intel.log');
    const log = await AuditLog.open(path, { agency: 'ID', service: 'intel' });
    // Linux shows each open file's flags (octal) in /proc; the log's file is the descriptor pointing at its path.
    const fds = await readdir('/proc/self/fd');
    const links = await Promise.all(fds.map(async (fd) => [fd, await readlink(`/proc/self/fd/${fd}`).catch(() => '')] as const));
    const fd = links.find(([, target]) => target === path)?.[0];
    const flags = Number.parseInt(/^flags:\s+([0-7]+)$/m.exec(await readFile(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1] ?? '0', 8);
    expect(flags & constants.O_DSYNC).toBe(constants.O_DSYNC);
    expect(flags & constants.O_APPEND).toBe(constants.O_APPEND);
    await log.close();
  });

  it('records the person acting: given with the entry, or named by the caller of the call being served', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'audit-')), 'intel.log');
    let serving: { subject: string; name: string } | undefined = { subject: 'u-1', name: 'Insp. Wibowo' };
    const log = await AuditLog.open(path, { agency: 'ID', service: 'intel' }, () => serving);
    await log.append({ action: 'opened', actor: 'ID', subject: 'alert:1' });
    serving = undefined;
    await log.append({ action: 'delivered', actor: 'AU', subject: 'alert:2' });
    await log.append({ action: 'revoked', actor: 'ID', subject: 'alert:1', user: { subject: 'u-2', name: 'Analyst Two' } });
    await log.close();
    expect((await verifyAuditFile(path)).list.map((e) => e.user?.name ?? null)).toEqual(['Insp. Wibowo', null, 'Analyst Two']);
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
