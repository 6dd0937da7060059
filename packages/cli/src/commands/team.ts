/** `concord team add | remove | list --op <id>`: who in the acting agency may read an operation's private records. */
import type { Command } from 'commander';
import { callUnary } from '@concord/service-kit/client';
import { print } from '../output.js';
import { withPlanning } from '../service-client.js';
import { commandSummaries } from '../command-summaries.js';

const printTeam = (json: boolean, operationId: string, agency: string, members: readonly string[]) =>
  print(json, members, () => `Team of ${operationId} in ${agency}: ${members.join(', ') || '(nobody)'}`);

export function registerTeam(program: Command): void {
  const team = program.command('team').description(commandSummaries.team);
  for (const [verb, method, words] of [
    ['add', 'addTeamMember', 'put a person of this agency on the team (you must be on it)'],
    ['remove', 'removeTeamMember', 'take a person off the team (you must be on it)'],
  ] as const) {
    team
      .command(verb)
      .description(words)
      .requiredOption('--op <id>', 'the operation')
      .requiredOption('--user <username>', "the person's username at this agency's sign-in")
      .action(async (flags: { op: string; user: string }, command: Command) =>
        withPlanning(command, async ({ agency, client, options }) => {
          const { members } = await callUnary(client, method, { operationId: flags.op, username: flags.user });
          printTeam(options.json, flags.op, agency, members);
        }),
      );
  }
  team
    .command('list')
    .description('who is on the team')
    .requiredOption('--op <id>', 'the operation')
    .action(async (flags: { op: string }, command: Command) =>
      withPlanning(command, async ({ agency, client, options }) => {
        const { members } = await callUnary(client, 'listTeam', { operationId: flags.op });
        printTeam(options.json, flags.op, agency, members);
      }),
    );
}
