/** `concord action ...`: national actions. Private details stay in the acting agency's store. */
import type { Command } from 'commander';
import { ActionKind, ActionStatus, NationalAction, PlanActionRequest, UpdateActionRequest } from '@concord/contracts/planning';
import { callUnary as call } from '@concord/service-kit/client';
import { enumFlag } from '../enum-flag.js';
import { print, table } from '../output.js';
import { withPlanning } from '../service-client.js';
import { parseInstant } from '../time-zone.js';
import { describePeriod } from './operations.js';
import { commandSummaries } from '../command-summaries.js';

const kind = enumFlag(ActionKind, 'ACTION_KIND_');
const status = enumFlag(ActionStatus, 'ACTION_STATUS_');

interface DetailFlags {
  targets?: string;
  locations?: string;
  officers?: string;
  notes?: string;
}

const detailOptions = (command: Command) =>
  command
    .option('--targets <text>', 'private: who or what is targeted')
    .option('--locations <text>', 'private: where exactly')
    .option('--officers <text>', 'private: who takes part')
    .option('--notes <text>', 'private: anything else');

const detailsOf = (flags: DetailFlags) => ({ targets: flags.targets ?? '', locations: flags.locations ?? '', officers: flags.officers ?? '', notes: flags.notes ?? '' });
const hasDetails = (flags: DetailFlags) => [flags.targets, flags.locations, flags.officers, flags.notes].some((v) => v !== undefined);

function describeAction(action: NationalAction, zone: string): string {
  const rows = [
    ['id', action.id],
    ['agency', action.agency],
    ['kind', kind.name(action.kind)],
    ['window', describePeriod(action.window, zone)],
    ['jurisdiction', action.jurisdiction],
    ['status', `${status.name(action.status)}${action.released ? ', released' : ', not released'}${action.outsidePeriod ? ', OUTSIDE the designated period' : ''}`],
  ];
  if (action.details) rows.push(['lead unit', action.leadUnit], ['location', action.location || '-'], ['targets', action.details.targets || '-'], ['notes', action.details.notes || '-']);
  return table(rows);
}

export function registerActions(program: Command): void {
  const action = program.command('action').description(commandSummaries.action);
  const show = (a: NationalAction, json: boolean, zone: string, heading = '') => print(json, NationalAction.toJSON(a), () => `${heading}${describeAction(a, zone)}`);

  detailOptions(
    action
      .command('plan')
      .description('plan an action of the acting agency; it stays private until released')
      .requiredOption('--op <operation-id>', 'the operation')
      .requiredOption('--kind <kind>', kind.help)
      .requiredOption('--start <when>', 'start of the action\'s window')
      .requiredOption('--end <when>', 'end of the action\'s window')
      .requiredOption('--jurisdiction <code>', 'ISO 3166 country or subdivision, for example ID or ID-JK')
      .requiredOption('--lead-unit <unit>', 'the unit that leads it')
      .option('--location <locode>', 'UN/LOCODE of the place, for example IDJKT', '')
      .option('--alert <alert-id>', 'an alert this agency holds that the action acts on (released with it; the debrief measures alert-to-action times)', ''),
  ).action(async (flags: DetailFlags & { op: string; kind: string; start: string; end: string; jurisdiction: string; leadUnit: string; location: string; alert: string }, command: Command) =>
    withPlanning(command, async ({ client, options, zone }) => {
      const request = PlanActionRequest.fromPartial({
        operationId: flags.op,
        kind: kind.parse('--kind', flags.kind),
        window: { start: parseInstant('--start', flags.start, zone), end: parseInstant('--end', flags.end, zone) },
        jurisdiction: flags.jurisdiction,
        leadUnit: flags.leadUnit,
        location: flags.location,
        details: detailsOf(flags),
        alertId: flags.alert,
      });
      const { action: planned } = await call(client, 'planAction', request);
      const warning = planned!.outsidePeriod ? 'WARNING: the window lies outside the designated period; release needs --acknowledge-outside-period.\n' : '';
      show(planned!, options.json, zone, `Planned (private until released).\n${warning}`);
    }),
  );

  action
    .command('release')
    .argument('<action-id>')
    .description('release the action\'s kind, window, jurisdiction and status to the shared timeline')
    .option('--acknowledge-outside-period', 'release even though the window lies outside the designated period (flagged)', false)
    .action(async (actionId: string, flags: { acknowledgeOutsidePeriod: boolean }, command: Command) =>
      withPlanning(command, async ({ client, options, zone }) => show((await call(client, 'releaseAction', { actionId, acknowledgeOutsidePeriod: flags.acknowledgeOutsidePeriod })).action!, options.json, zone, 'Released.\n')),
    );

  detailOptions(
    action
      .command('update')
      .argument('<action-id>')
      .description('change an action; once released, a new window or status is released too')
      .option('--status <status>', status.help)
      .option('--start <when>', 'new start of the window (with --end)')
      .option('--end <when>', 'new end of the window (with --start)')
      .option('--lead-unit <unit>', 'new lead unit')
      .option('--location <locode>', 'new UN/LOCODE'),
  ).action(async (actionId: string, flags: DetailFlags & { status?: string; start?: string; end?: string; leadUnit?: string; location?: string }, command: Command) =>
    withPlanning(command, async ({ client, options, zone }) => {
      const window = flags.start === undefined && flags.end === undefined ? undefined : { start: parseInstant('--start', flags.start ?? '', zone), end: parseInstant('--end', flags.end ?? '', zone) };
      const request = UpdateActionRequest.fromPartial({
        actionId,
        window,
        status: flags.status === undefined ? ActionStatus.ACTION_STATUS_UNSPECIFIED : status.parse('--status', flags.status),
        leadUnit: flags.leadUnit,
        location: flags.location,
        details: hasDetails(flags) ? detailsOf(flags) : undefined,
      });
      show((await call(client, 'updateAction', request)).action!, options.json, zone, 'Updated.\n');
    }),
  );

  action
    .command('list')
    .requiredOption('--op <operation-id>', 'the operation')
    .description("the acting agency's actions (with private details) and the actions others released")
    .action(async (flags: { op: string }, command: Command) =>
      withPlanning(command, async ({ client, options, zone }) => {
        const { actions } = await call(client, 'listActions', { operationId: flags.op });
        print(options.json, actions.map((a) => NationalAction.toJSON(a)), () =>
          actions.length === 0
            ? 'No actions.'
            : table([['ID', 'AGENCY', 'KIND', 'WINDOW', 'JURISDICTION', 'STATUS', ''], ...actions.map((a) => [a.id, a.agency, kind.name(a.kind), describePeriod(a.window, zone), a.jurisdiction, status.name(a.status), [a.released ? '' : 'private', a.outsidePeriod ? 'outside period' : ''].filter(Boolean).join(', ')])]),
        );
      }),
    );
}
