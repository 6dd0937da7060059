/** `concord op ...`: operations (Joint Periods of Action), as the acting agency sees them. */
import type { Command } from 'commander';
import { ChangeOperationRequest, CreateOperationRequest, Operation, OperationStatus, ResponseKind, type Period } from '@concord/contracts/planning';
import { ConcordError } from '@concord/errors';
import { callUnary as call } from '@concord/service-kit/client';
import { versionNumber } from '../flag-parsers.js';
import { print, table } from '../output.js';
import { agencyList, withPlanning } from '../service-client.js';
import { formatInstant, parseInstant } from '../time-zone.js';
import { commandSummaries } from '../command-summaries.js';

const statusName = (status: OperationStatus) => OperationStatus[status].replace('OPERATION_STATUS_', '').toLowerCase();
const kindName = (kind: ResponseKind) => ResponseKind[kind].replace('RESPONSE_KIND_', '').toLowerCase().replace('_', '-');

export const describePeriod = (period: Period | undefined, zone: string) => `${formatInstant(period?.start, zone)} to ${formatInstant(period?.end, zone)}`;

function describeOperation(operation: Operation, zone: string): string {
  const lines = [
    table([
      ['id', operation.id],
      ['name', operation.name],
      ['status', `${statusName(operation.status)} (version ${operation.version})`],
      ['co-chairs', operation.coChairs.join(', ')],
      ['participants', operation.participants.join(', ')],
      ['supporters', operation.supporters.join(', ') || '-'],
      ['period', `${describePeriod(operation.period, zone)}${operation.recordedAfterTheFact ? ' (recorded after the fact)' : ''}`],
    ]),
  ];
  if (operation.responses.length > 0) {
    lines.push('', table([['PARTICIPANT', 'RESPONSE', 'DETAIL'], ...operation.responses.map((r) => [r.agency, kindName(r.kind), [r.counterPeriod ? describePeriod(r.counterPeriod, zone) : '', r.reason].filter(Boolean).join(': ')])]));
  }
  return lines.join('\n');
}

const periodFlags = (command: Command, required: boolean) => {
  const add = (flag: string, text: string) => (required ? command.requiredOption(flag, text) : command.option(flag, text));
  add('--start <when>', 'start of the designated period: 2027-03-01, 2027-03-01T08:00 (in --tz, default UTC) or with an offset, 2027-03-01T08:00:00+07:00');
  add('--end <when>', 'end of the designated period (exclusive), same forms as --start');
  return command;
};

interface PeriodFlags {
  start?: string;
  end?: string;
}

/** The acting agency leads what it creates, as the first co-chair: an order that says otherwise is refused, never rewritten. */
function coChairsOf(value: string | undefined, agency: string): string[] {
  const coChairs = value === undefined ? [] : agencyList(value);
  const first = coChairs[0];
  if (first !== undefined && first !== agency && coChairs.includes(agency)) {
    const order = [agency, ...coChairs.filter((id) => id !== agency)].join(',');
    throw ConcordError.invalid([{ path: '--co-chairs', message: `"${value}" puts ${first} first, but ${agency} creates and leads the operation: give --co-chairs ${order}, or for ${first} to lead, create it with --agency ${first}` }]);
  }
  return coChairs;
}

function periodOf(flags: PeriodFlags, zone: string): { start: Date; end: Date } | undefined {
  if (flags.start === undefined && flags.end === undefined) return undefined;
  return { start: parseInstant('--start', flags.start ?? '', zone), end: parseInstant('--end', flags.end ?? '', zone) };
}

export function registerOperations(program: Command): void {
  const op = program.command('op').description(commandSummaries.op);
  const show = (operation: Operation, options: { json: boolean }, zone: string, heading = '') =>
    print(options.json, Operation.toJSON(operation), () => `${heading}${describeOperation(operation, zone)}`);

  periodFlags(
    op
      .command('create')
      .description('create an operation led by --agency; unless --draft, its signed proposal goes to the participants and supporters at once')
      .requiredOption('--name <name>', 'a short name, for example "Coral Tide"')
      .requiredOption('--participants <ids>', 'comma-separated participating agencies; the acting agency is added')
      .option('--co-chairs <ids>', 'one or two co-chairs among the participants (default: the acting agency)')
      .option('--supporters <ids>', 'comma-separated supporting organisations (international organisations)')
      .option('--draft', 'keep it as a draft; send it later with op propose', false)
      .option('--recorded', 'record an operation that already took place (its period in the past); co-chairs conclude it once recorded', false),
    true,
  ).action(async (flags: PeriodFlags & { name: string; participants: string; coChairs?: string; supporters?: string; draft: boolean; recorded: boolean }, command: Command) =>
    withPlanning(command, async ({ agency, client, options, zone }) => {
      const request = CreateOperationRequest.fromPartial({
        name: flags.name,
        participants: agencyList(flags.participants),
        period: periodOf(flags, zone),
        coChairs: coChairsOf(flags.coChairs, agency),
        supporters: flags.supporters ? agencyList(flags.supporters) : [],
        draft: flags.draft,
        recordedAfterTheFact: flags.recorded,
      });
      const { operation } = await call(client, 'createOperation', request);
      show(operation!, options, zone, flags.draft ? 'Draft saved; nothing was sent.\n' : 'Operation proposed; the signed proposal is on its way.\n');
    }),
  );

  op.command('propose')
    .argument('<operation-id>')
    .description('send a draft to its participants and supporters')
    .action(async (operationId: string, _flags: unknown, command: Command) =>
      withPlanning(command, async ({ client, options, zone }) => show((await call(client, 'proposeOperation', { operationId })).operation!, options, zone, 'Proposed.\n')),
    );

  periodFlags(
    op
      .command('change')
      .argument('<operation-id>')
      .description('change an operation (co-chairs only); a new period or new participants reopen acceptance')
      .option('--name <name>', 'a new name')
      .option('--participants <ids>', 'the new list of participants')
      .option('--supporters <ids>', 'the new list of supporters ("" for none)')
      .option('--co-chairs <ids>', 'the new co-chairs'),
    false,
  ).action(async (operationId: string, flags: PeriodFlags & { name?: string; participants?: string; supporters?: string; coChairs?: string }, command: Command) =>
    withPlanning(command, async ({ client, options, zone }) => {
      const list = (value: string | undefined) => (value === undefined ? undefined : { ids: agencyList(value) });
      const request = ChangeOperationRequest.fromPartial({
        operationId,
        name: flags.name,
        period: periodOf(flags, zone),
        participants: list(flags.participants),
        supporters: list(flags.supporters),
        coChairs: list(flags.coChairs),
      });
      show((await call(client, 'changeOperation', request)).operation!, options, zone, 'Changed.\n');
    }),
  );

  const respond = (name: string, description: string, kind: ResponseKind) => {
    const command = op.command(name).argument('<operation-id>').description(description).requiredOption('--version <n>', 'the version responded to (op show gives it)', versionNumber);
    if (kind !== ResponseKind.RESPONSE_KIND_ACCEPTED) command.requiredOption('--reason <text>', 'why');
    if (kind === ResponseKind.RESPONSE_KIND_COUNTER_PROPOSED) periodFlags(command, true);
    command.action(async (operationId: string, flags: PeriodFlags & { version: number; reason?: string }, cmd: Command) =>
      withPlanning(cmd, async ({ client, options, zone }) => {
        const request = { operationId, version: flags.version, response: kind, reason: flags.reason ?? '', counterPeriod: kind === ResponseKind.RESPONSE_KIND_COUNTER_PROPOSED ? periodOf(flags, zone) : undefined };
        show((await call(client, 'respondToOperation', request)).operation!, options, zone);
      }),
    );
  };
  respond('accept', 'accept a version of the operation, as the acting agency', ResponseKind.RESPONSE_KIND_ACCEPTED);
  respond('decline', 'decline a version of the operation, with a reason', ResponseKind.RESPONSE_KIND_DECLINED);
  respond('counter', 'propose another period for a version of the operation, with a reason', ResponseKind.RESPONSE_KIND_COUNTER_PROPOSED);

  const end = (name: 'cancel' | 'conclude', description: string, heading: string) =>
    op
      .command(name)
      .argument('<operation-id>')
      .description(description)
      .option('--reason <text>', 'why, shown on every member\'s timeline')
      .action(async (operationId: string, flags: { reason?: string }, command: Command) =>
        withPlanning(command, async ({ client, options, zone }) => {
          const request = { operationId, reason: flags.reason ?? '' };
          const { operation } = name === 'cancel' ? await call(client, 'cancelOperation', request) : await call(client, 'concludeOperation', request);
          show(operation!, options, zone, operation!.status === OperationStatus.OPERATION_STATUS_DRAFT ? 'Draft deleted; it was never sent.\n' : heading);
        }),
      );
  end('cancel', 'call an operation off (co-chairs only), on every member\'s timeline; a draft is deleted', 'Cancelled.\n');
  end('conclude', 'conclude an agreed or active operation now, or one recorded after the fact (co-chairs only); its debrief may then open', 'Concluded.\n');

  op.command('list')
    .description('operations the acting agency leads, takes part in or supports, drafts included')
    .action(async (_flags: unknown, command: Command) =>
      withPlanning(command, async ({ client, options, zone }) => {
        const { operations } = await call(client, 'listOperations', {});
        print(options.json, operations.map((o) => Operation.toJSON(o)), () =>
          operations.length === 0
            ? 'No operations.'
            : table([['ID', 'NAME', 'STATUS', 'LEAD', 'PARTICIPANTS', 'PERIOD'], ...operations.map((o) => [o.id, o.name, `${statusName(o.status)} v${o.version}`, o.leadAgency, o.participants.join(','), describePeriod(o.period, zone)])]),
        );
      }),
    );

  op.command('show')
    .argument('<operation-id>')
    .description('one operation, with every participant\'s response to the current version')
    .action(async (operationId: string, _flags: unknown, command: Command) =>
      withPlanning(command, async ({ client, options, zone }) => show((await call(client, 'getOperation', { operationId })).operation!, options, zone)),
    );
}
