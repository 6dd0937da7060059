/**
 * `concord audit verify`: checks an agency's hash-chained audit log for altered or removed entries.
 * `concord audit show`: who did what, across every service's log of the agency, oldest first.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { auditDirOf, auditFileOf, verifyAuditFile, type AuditEntry } from '@concord/audit';
import { Code, ConcordError } from '@concord/errors';
import { federationPaths } from '@concord/launcher/layout';
import { agencyIdSchema } from '@concord/manifest/agency-id';
import { globalOptions } from '../global-options.js';
import { print, table } from '../output.js';
import { formatInstant, parseInstant, resolveZone } from '../time-zone.js';
import { commandSummaries } from '../command-summaries.js';

function requireAgencyId(agency: string | undefined, what: string): string {
  const id = agencyIdSchema.safeParse(agency);
  if (!id.success) throw ConcordError.invalid([{ path: '--agency', message: agency ? id.error.issues[0]!.message : `is required: ${what}` }]);
  return id.data;
}

/** Every entry of every service log of the agency (each log verified), oldest first. */
async function agencyEntries(dir: string): Promise<{ entries: AuditEntry[]; broken: string[] }> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.log')).sort();
  const entries: AuditEntry[] = [];
  const broken: string[] = [];
  for (const file of files) {
    const report = await verifyAuditFile(join(dir, file));
    if (!report.ok) broken.push(`${file}: ${report.problems[0]}`);
    entries.push(...report.list);
  }
  return { entries: entries.sort((a, b) => a.at.localeCompare(b.at)), broken };
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description(commandSummaries.audit);
  audit
    .command('show')
    .description('who did what: every entry of the agency\'s logs (every service), with the person who acted, oldest first')
    .option('--user <who>', 'only entries of this person: subject, or part of the display name')
    .option('--since <time>', 'only entries from this time on (2027-03-01, 2027-03-01T08:00 in --tz, or with an offset)')
    .option('--service <name>', 'only this service\'s log')
    .action(async (flags: { user?: string; since?: string; service?: string }, command: Command) => {
      const options = globalOptions(command);
      const id = requireAgencyId(options.agency, 'whose audit log to show');
      const zone = resolveZone(options.tz, undefined);
      const since = flags.since ? parseInstant('--since', flags.since, zone) : undefined;
      const who = flags.user?.toLowerCase();
      const { entries, broken } = await agencyEntries(auditDirOf(federationPaths(options.dataDir).agency(id).dir));
      const shown = entries.filter(
        (e) =>
          (!flags.service || e.service === flags.service) &&
          (!since || Date.parse(e.at) >= since.getTime()) &&
          (!who || (e.user && (e.user.subject.toLowerCase() === who || e.user.name.toLowerCase().includes(who)))),
      );
      print(options.json, shown, () =>
        table([
          ['TIME', 'SERVICE', 'ACTION', 'BY', 'WHAT', 'DETAIL'],
          ...shown.map((e) => [formatInstant(new Date(e.at), zone), e.service, e.action, e.user ? e.user.name : `${e.actor} (service)`, e.subject, e.detail ? Object.entries(e.detail).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join(' ') : '']),
        ]),
      );
      for (const problem of broken) process.stderr.write(`warning: ${problem} (run concord audit verify)\n`);
      if (broken.length > 0) process.exitCode = 1;
    });
  audit
    .command('verify')
    .description('check every entry of the log: an altered, removed or reordered entry is named (exit code 1)')
    .option('--service <name>', 'whose log: the service that writes it', 'intel')
    .option('--file <path>', 'a log file to check instead of the agency\'s own')
    .option('--expect-head <entries:hash>', 'the head recorded earlier (printed by a previous verify): catches entries cut from the end')
    .action(async (flags: { service: string; file?: string; expectHead?: string }, command: Command) => {
      const options = globalOptions(command);
      let path = flags.file;
      if (!path) {
        const id = requireAgencyId(options.agency, 'whose audit log to verify (or give --file)');
        if (!/^[a-z]+$/.test(flags.service)) throw ConcordError.invalid([{ path: '--service', message: 'is a service name such as intel' }]);
        path = auditFileOf(federationPaths(options.dataDir).agency(id).dir, flags.service);
      }
      let expectHead: { entries: number; hash: string } | undefined;
      if (flags.expectHead) {
        const match = /^(\d+):([0-9a-f]{64})$/.exec(flags.expectHead);
        if (!match) throw ConcordError.invalid([{ path: '--expect-head', message: 'is <entries>:<hash>, as a previous verify printed it' }]);
        expectHead = { entries: Number(match[1]), hash: match[2]! };
      }
      const report = await verifyAuditFile(path, expectHead).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'ENOENT' ? new ConcordError(Code.NotFound, `no audit log at ${path}`) : error;
      });
      print(options.json, { file: path, ok: report.ok, entries: report.entries, head: `${report.entries}:${report.head}`, problems: report.problems }, () =>
        report.ok
          ? `${path}: ${report.entries} entries, chain intact.\nhead ${report.entries}:${report.head}`
          : [`${path}: ${report.problems.length} problem(s) in ${report.entries} entries:`, ...report.problems.map((p) => `  ${p}`)].join('\n'),
      );
      if (!report.ok) process.exitCode = 1;
    });
}
