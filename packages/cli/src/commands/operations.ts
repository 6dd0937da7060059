/** `concord op ...` and `concord timeline`: operations and the shared timeline, as one agency sees them. */
import type { Command } from 'commander';
import { z } from 'zod';
import { PlanningServiceClient, TimelineEntry, Operation } from '@concord/contracts/planning';
import { ConcordError } from '@concord/errors';
import { globalOptions, loadEndpoints, requireAgency, type GlobalOptions } from '../global-options.js';
import { callUnary as call, insecure } from '@concord/service-kit';
import { print, table, utc } from '../output.js';

/** A day (midnight UTC) or an ISO date-time with its offset; anything else names the flag. */
const instantSchema = z.union([z.iso.date().transform((d) => new Date(`${d}T00:00:00Z`)), z.iso.datetime({ offset: true }).transform((d) => new Date(d))]);

function parseInstant(flag: string, value: string): Date {
  const parsed = instantSchema.safeParse(value);
  if (!parsed.success) throw ConcordError.invalid([{ path: flag, message: `"${value}" is not a date (2027-03-01, midnight UTC) or a date-time with offset (2027-03-01T08:00:00+07:00)` }]);
  return parsed.data;
}

async function planningClient(options: GlobalOptions) {
  const endpoints = await loadEndpoints(options);
  const { id, agency } = requireAgency(options, endpoints);
  return { id, client: new PlanningServiceClient(agency.grpc.planning, insecure) };
}

function describeOperation(operation: Operation): string {
  return table([
    ['id', operation.id],
    ['name', operation.name],
    ['lead', operation.leadAgency],
    ['participants', operation.participants.join(', ')],
    ['period', `${utc(operation.period?.start)} to ${utc(operation.period?.end)}`],
    ['created', utc(operation.createdAt)],
  ]);
}

export function registerOperations(program: Command): void {
  const op = program.command('op').description('operations (Joint Periods of Action)');
  op.command('create')
    .description('create an operation led by --agency and send its signed invitation to the participants')
    .requiredOption('--name <name>', 'a short name, for example "Coral Tide"')
    .requiredOption('--participants <ids>', 'comma-separated participating agencies; the acting agency is added')
    .requiredOption('--start <when>', 'start of the designated period: 2027-03-01 (midnight UTC) or 2027-03-01T08:00:00+07:00')
    .requiredOption('--end <when>', 'end of the designated period (exclusive), same forms as --start')
    .action(async (flags: { name: string; participants: string; start: string; end: string }, command: Command) => {
      const options = globalOptions(command);
      const period = { start: parseInstant('--start', flags.start), end: parseInstant('--end', flags.end) };
      const participants = flags.participants.split(',').map((p) => p.trim()).filter(Boolean);
      const { client } = await planningClient(options);
      try {
        const { operation } = await call(client, 'createOperation', { name: flags.name, participants, period });
        print(options.json, Operation.toJSON(operation!), () => `Operation created; invitations are on their way.\n${describeOperation(operation!)}`);
      } finally {
        client.close();
      }
    });
  op.command('list')
    .description('operations the acting agency leads or was invited to')
    .action(async (_flags: unknown, command: Command) => {
      const options = globalOptions(command);
      const { client } = await planningClient(options);
      try {
        const { operations } = await call(client, 'listOperations', {});
        print(options.json, operations.map((o) => Operation.toJSON(o)), () =>
          operations.length === 0 ? 'No operations.' : table([['ID', 'NAME', 'LEAD', 'PARTICIPANTS', 'START', 'END'], ...operations.map((o) => [o.id, o.name, o.leadAgency, o.participants.join(','), utc(o.period?.start), utc(o.period?.end)])]),
        );
      } finally {
        client.close();
      }
    });
  op.command('show')
    .argument('<operation-id>')
    .description('one operation')
    .action(async (operationId: string, _flags: unknown, command: Command) => {
      const options = globalOptions(command);
      const { client } = await planningClient(options);
      try {
        const { operation } = await call(client, 'getOperation', { operationId });
        print(options.json, Operation.toJSON(operation!), () => describeOperation(operation!));
      } finally {
        client.close();
      }
    });

  program
    .command('timeline')
    .description("the shared timeline as the acting agency holds it, in the federation-wide order")
    .option('--op <operation-id>', 'only this operation')
    .option('--limit <n>', 'at most this many entries (all when omitted)')
    .action(async (flags: { op?: string; limit?: string }, command: Command) => {
      const options = globalOptions(command);
      const limit = flags.limit === undefined ? Infinity : Number(flags.limit);
      if (!(limit > 0) || (limit !== Infinity && !Number.isInteger(limit))) throw ConcordError.invalid([{ path: '--limit', message: 'must be a positive whole number' }]);
      const { client } = await planningClient(options);
      const entries: TimelineEntry[] = [];
      try {
        let pageToken = '';
        do {
          const page = await call(client, 'listTimeline', { operationId: flags.op ?? '', pageSize: Math.min(1000, limit - entries.length), pageToken });
          entries.push(...page.entries);
          pageToken = page.nextPageToken;
        } while (pageToken && entries.length < limit);
      } finally {
        client.close();
      }
      print(options.json, entries.map((e) => TimelineEntry.toJSON(e)), () =>
        entries.length === 0 ? 'The timeline is empty.' : table([['ISSUED', 'AGENCY', 'TYPE', 'OPERATION', 'SUMMARY'], ...entries.map((e) => [utc(e.issuedAt), e.originAgency, e.type, e.operationId.slice(0, 8), e.summary])]),
      );
    });
}
