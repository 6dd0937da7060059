/** `concord target ...` and `concord notices`: blind deconfliction. Identifiers never leave the agency. */
import type { Command } from 'commander';
import { ActionKind, DeconflictionNotice, IdentifierKind, TargetRegistration } from '@concord/contracts/planning';
import { callUnary as call } from '@concord/service-kit/client';
import { enumFlag } from '../enum-flag.js';
import { print, table } from '../output.js';
import { withPlanning } from '../service-client.js';
import { describePeriod } from './operations.js';
import { commandSummaries } from '../command-summaries.js';

const kind = enumFlag(IdentifierKind, 'IDENTIFIER_KIND_');
const actionKind = enumFlag(ActionKind, 'ACTION_KIND_');
const registrable = kind.names.filter((name) => name !== 'place');

export function registerTargets(program: Command): void {
  const target = program.command('target').description(commandSummaries.target);
  target
    .command('register')
    .description('register a target of one of your actions; other participants receive only keyed tokens')
    .requiredOption('--op <operation-id>', 'the operation')
    .requiredOption('--action <action-id>', 'your action it concerns')
    .requiredOption('--kind <kind>', registrable.join(', '))
    .requiredOption('--value <identifier>', 'for example "IMO 9074729", "IDN:A1234567", "0812 3456 7890", "Budi Santoso | 1985-03-02"')
    .requiredOption('--contact <text>', 'whom the other agency should call on a match')
    .action(async (flags: { op: string; action: string; kind: string; value: string; contact: string }, command: Command) =>
      withPlanning(command, async ({ client, options }) => {
        const { registration } = await call(client, 'registerTarget', { operationId: flags.op, actionId: flags.action, kind: kind.parse('--kind', flags.kind), value: flags.value, contact: flags.contact });
        print(options.json, TargetRegistration.toJSON(registration!), () => `Registered ${kind.name(registration!.kind)} ${registration!.value} (${registration!.id}); only keyed tokens leave this agency.`);
      }),
    );
  target
    .command('list')
    .requiredOption('--op <operation-id>', 'the operation')
    .description("the acting agency's registrations")
    .action(async (flags: { op: string }, command: Command) =>
      withPlanning(command, async ({ client, options }) => {
        const { registrations } = await call(client, 'listTargets', { operationId: flags.op });
        print(options.json, registrations.map((r) => TargetRegistration.toJSON(r)), () =>
          registrations.length === 0 ? 'No registrations.' : table([['ID', 'KIND', 'VALUE', 'ACTION', 'CONTACT'], ...registrations.map((r) => [r.id, kind.name(r.kind), r.value, r.actionId, r.contact])]),
        );
      }),
    );
  program
    .command('notices')
    .requiredOption('--op <operation-id>', 'the operation')
    .description(commandSummaries.notices)
    .action(async (flags: { op: string }, command: Command) =>
      withPlanning(command, async ({ client, options, zone }) => {
        const { notices } = await call(client, 'listNotices', { operationId: flags.op });
        print(options.json, notices.map((n) => DeconflictionNotice.toJSON(n)), () =>
          notices.length === 0
            ? 'No deconfliction notices.'
            : table([['SCOPE', 'YOUR ACTION', 'AGENCY', 'THEIR ACTION', 'WHEN', 'CONTACT'], ...notices.map((n) => [n.scope, n.myActionId, n.otherAgency, `${n.otherActionId} (${actionKind.name(n.otherActionKind)})`, describePeriod(n.otherActionWindow, zone), n.otherContact])]),
        );
      }),
    );
}
