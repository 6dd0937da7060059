/** `concord audit verify`: checks an agency's hash-chained audit log for altered or removed entries. */
import type { Command } from 'commander';
import { auditFileOf, verifyAuditFile } from '@concord/audit';
import { Code, ConcordError } from '@concord/errors';
import { federationPaths } from '@concord/launcher';
import { agencyIdSchema } from '@concord/manifest';
import { globalOptions } from '../global-options.js';
import { print } from '../output.js';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description("an agency's append-only, hash-chained audit log");
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
        const id = agencyIdSchema.safeParse(options.agency);
        if (!id.success) throw ConcordError.invalid([{ path: '--agency', message: options.agency ? id.error.issues[0]!.message : 'is required: whose audit log to verify (or give --file)' }]);
        if (!/^[a-z]+$/.test(flags.service)) throw ConcordError.invalid([{ path: '--service', message: 'is a service name such as intel' }]);
        path = auditFileOf(federationPaths(options.dataDir).agency(id.data).dir, flags.service);
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
