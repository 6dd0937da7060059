/** `concord milestone ...`: the operation's meetings. Co-chairs schedule and cancel them. */
import type { Command } from 'commander';
import { Milestone, MilestoneKind } from '@concord/contracts/planning';
import { callUnary as call } from '@concord/service-kit/client';
import { enumFlag } from '../enum-flag.js';
import { print, table } from '../output.js';
import { withPlanning } from '../service-client.js';
import { parseInstant } from '../time-zone.js';
import { describePeriod } from './operations.js';
import { commandSummaries } from '../command-summaries.js';

const kind = enumFlag(MilestoneKind, 'MILESTONE_KIND_');

export function registerMilestones(program: Command): void {
  const milestone = program.command('milestone').description(commandSummaries.milestone);
  milestone
    .command('schedule')
    .description('schedule a meeting, or reschedule one with --id (co-chairs only)')
    .requiredOption('--op <operation-id>', 'the operation')
    .requiredOption('--kind <kind>', kind.help)
    .requiredOption('--title <title>', 'for example "Initial planning meeting"')
    .requiredOption('--start <when>', 'when it starts (see op create for the forms)')
    .requiredOption('--end <when>', 'when it ends')
    .option('--location <place>', 'where it meets, or "online"', '')
    .option('--id <milestone-id>', 'reschedule this milestone instead of adding one')
    .action(async (flags: { op: string; kind: string; title: string; start: string; end: string; location: string; id?: string }, command: Command) =>
      withPlanning(command, async ({ client, options, zone }) => {
        const request = {
          operationId: flags.op,
          milestoneId: flags.id ?? '',
          kind: kind.parse('--kind', flags.kind),
          title: flags.title,
          window: { start: parseInstant('--start', flags.start, zone), end: parseInstant('--end', flags.end, zone) },
          location: flags.location,
        };
        const { milestone: scheduled } = await call(client, 'scheduleMilestone', request);
        print(options.json, Milestone.toJSON(scheduled!), () => `Scheduled ${scheduled!.id}: ${scheduled!.title}, ${describePeriod(scheduled!.window, zone)}`);
      }),
    );
  milestone
    .command('cancel')
    .argument('<milestone-id>')
    .requiredOption('--op <operation-id>', 'the operation')
    .description('cancel a meeting (co-chairs only)')
    .action(async (milestoneId: string, flags: { op: string }, command: Command) =>
      withPlanning(command, async ({ client, options }) => {
        const { milestone: cancelled } = await call(client, 'cancelMilestone', { operationId: flags.op, milestoneId });
        print(options.json, Milestone.toJSON(cancelled!), () => `Cancelled ${cancelled!.title}.`);
      }),
    );
  milestone
    .command('list')
    .requiredOption('--op <operation-id>', 'the operation')
    .description("the operation's meetings in time order")
    .action(async (flags: { op: string }, command: Command) =>
      withPlanning(command, async ({ client, options, zone }) => {
        const { milestones } = await call(client, 'listMilestones', { operationId: flags.op });
        print(options.json, milestones.map((m) => Milestone.toJSON(m)), () =>
          milestones.length === 0 ? 'No milestones.' : table([['ID', 'KIND', 'TITLE', 'WHEN', 'WHERE', ''], ...milestones.map((m) => [m.id, kind.name(m.kind), m.title, describePeriod(m.window, zone), m.location || '-', m.cancelled ? 'cancelled' : ''])]),
        );
      }),
    );
}
