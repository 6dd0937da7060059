/** `concord timeline` and `concord export`: the shared timeline as the acting agency holds it. */
import type { Command } from 'commander';
import { ExportFormat, ListTimelineRequest, TimelineEntry, WatchTimelineRequest, type WatchTimelineResponse } from '@concord/contracts/planning';
import { ConcordError } from '@concord/errors';
import { agencyIdSchema } from '@concord/manifest/agency-id';
import { callUnary as call } from '@concord/service-kit/client';
import { cursorNumber, positiveCount } from '../flag-parsers.js';
import { followStream } from '../follow-stream.js';
import { print, table, writeContent } from '../output.js';
import { agencyList, withPlanning } from '../service-client.js';
import { formatInstant, parseInstant } from '../time-zone.js';
import { commandSummaries } from '../command-summaries.js';

interface TimelineFlags {
  op?: string;
  by?: string;
  kind?: string;
  from?: string;
  to?: string;
  limit?: number;
  watch: boolean;
  cursor: number;
}

const row = (e: TimelineEntry, zone: string) => [formatInstant(e.issuedAt, zone), e.originAgency, e.type, e.operationId.slice(0, 8), e.ignored ? `${e.summary} [ignored: ${e.ignored}]` : e.summary];

export function registerTimeline(program: Command): void {
  program
    .command('timeline')
    .description(commandSummaries.timeline)
    .option('--op <operation-id>', 'only this operation')
    .option('--by <agency>', 'only entries issued by this agency')
    .option('--kind <kinds>', 'only these kinds, comma-separated: an event type (action.released) or its first word (action)')
    .option('--from <when>', 'only entries issued at or after')
    .option('--to <when>', 'only entries issued before')
    .option('--limit <n>', 'at most this many entries (all when omitted)', positiveCount)
    .option('--watch', 'after the entries so far, print new ones as they arrive, until Ctrl-C', false)
    .option('--cursor <n>', 'with --watch: start after this cursor (printed with each watched entry)', cursorNumber, 0)
    .action(async (flags: TimelineFlags, command: Command) =>
      withPlanning(command, async ({ client, options, zone }) => {
        const kinds = flags.kind ? agencyList(flags.kind) : [];
        if (flags.by !== undefined && !agencyIdSchema.safeParse(flags.by).success) throw ConcordError.invalid([{ path: '--by', message: `"${flags.by}" is not an agency id` }]);
        if (flags.watch) {
          await watch(client.watchTimeline(WatchTimelineRequest.fromPartial({ operationId: flags.op ?? '', agency: flags.by ?? '', kinds, afterCursor: flags.cursor })), options.json, zone);
          return;
        }
        const limit = flags.limit ?? Infinity;
        const filters = {
          operationId: flags.op ?? '',
          agency: flags.by ?? '',
          kinds,
          from: flags.from === undefined ? undefined : parseInstant('--from', flags.from, zone),
          to: flags.to === undefined ? undefined : parseInstant('--to', flags.to, zone),
        };
        const entries: TimelineEntry[] = [];
        let pageToken = '';
        do {
          const page = await call(client, 'listTimeline', ListTimelineRequest.fromPartial({ ...filters, pageSize: Math.min(1000, limit - entries.length), pageToken }));
          entries.push(...page.entries);
          pageToken = page.nextPageToken;
        } while (pageToken && entries.length < limit);
        print(options.json, entries.map((e) => TimelineEntry.toJSON(e)), () =>
          entries.length === 0 ? 'The timeline is empty.' : table([['ISSUED', 'AGENCY', 'TYPE', 'OPERATION', 'SUMMARY'], ...entries.map((e) => row(e, zone))]),
        );
      }),
    );

  program
    .command('export')
    .description(commandSummaries.export)
    .requiredOption('--op <operation-id>', 'the operation')
    .option('--format <format>', 'ics or json', 'ics')
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (flags: { op: string; format: string; output?: string }, command: Command) =>
      withPlanning(command, async ({ client }) => {
        const format = { ics: ExportFormat.EXPORT_FORMAT_ICALENDAR, json: ExportFormat.EXPORT_FORMAT_JSON }[flags.format];
        if (format === undefined) throw ConcordError.invalid([{ path: '--format', message: 'must be ics or json' }]);
        const exported = await call(client, 'exportTimeline', { operationId: flags.op, format });
        await writeContent(flags.output, exported.content, exported.contentType);
      }),
    );
}

/** Prints watched entries (one JSON line each with --json) until Ctrl-C or the server ends the stream. */
function watch(stream: NodeJS.ReadableStream & { cancel(): void }, json: boolean, zone: string): Promise<void> {
  return followStream<WatchTimelineResponse>(stream, (response) => {
    const entry = response.entry!;
    process.stdout.write(json ? `${JSON.stringify({ cursor: response.cursor, entry: TimelineEntry.toJSON(entry) })}\n` : `${response.cursor}  ${row(entry, zone).join('  ')}\n`);
  });
}
