/** `concord timeline`: the shared timeline as the acting agency holds it, in the federation-wide order. */
import type { Command } from 'commander';
import { ListTimelineRequest, TimelineEntry } from '@concord/contracts/planning';
import { ConcordError } from '@concord/errors';
import { callUnary as call } from '@concord/service-kit';
import { print, table } from '../output.js';
import { withPlanning } from '../planning-client.js';
import { formatInstant } from '../time-zone.js';

export function registerTimeline(program: Command): void {
  program
    .command('timeline')
    .description('the shared timeline as the acting agency holds it, in the federation-wide order')
    .option('--op <operation-id>', 'only this operation')
    .option('--limit <n>', 'at most this many entries (all when omitted)')
    .action(async (flags: { op?: string; limit?: string }, command: Command) =>
      withPlanning(command, async ({ client, options, zone }) => {
        const limit = flags.limit === undefined ? Infinity : Number(flags.limit);
        if (!(limit > 0) || (limit !== Infinity && !Number.isInteger(limit))) throw ConcordError.invalid([{ path: '--limit', message: 'must be a positive whole number' }]);
        const entries: TimelineEntry[] = [];
        let pageToken = '';
        do {
          const page = await call(client, 'listTimeline', ListTimelineRequest.fromPartial({ operationId: flags.op ?? '', pageSize: Math.min(1000, limit - entries.length), pageToken }));
          entries.push(...page.entries);
          pageToken = page.nextPageToken;
        } while (pageToken && entries.length < limit);
        print(options.json, entries.map((e) => TimelineEntry.toJSON(e)), () =>
          entries.length === 0
            ? 'The timeline is empty.'
            : table([['ISSUED', 'AGENCY', 'TYPE', 'OPERATION', 'SUMMARY'], ...entries.map((e) => [formatInstant(e.issuedAt, zone), e.originAgency, e.type, e.operationId.slice(0, 8), e.ignored ? `${e.summary} [ignored: ${e.ignored}]` : e.summary])]),
        );
      }),
    );
}
