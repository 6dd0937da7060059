/**
 * `concord user add | list | roles | disable | enable` and `concord signing-key rotate`: an agency's
 * admins manage its people at its own provider. Nothing about people leaves the agency.
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { roles, roleSchema } from '@concord/access';
import type { User } from '@concord/contracts/access';
import { ConcordError } from '@concord/errors';
import { callUnary } from '@concord/service-kit/client';
import { print, table } from '../output.js';
import { withAccess } from '../service-client.js';
import { readSecretFile } from '../sign-in/read-secret.js';
import { commandSummaries } from '../command-summaries.js';

function rolesFlag(value: string): string[] {
  const list = value.split(',').map((r) => r.trim()).filter(Boolean);
  const bad = list.filter((r) => !roleSchema.safeParse(r).success);
  if (bad.length > 0) throw ConcordError.invalid([{ path: '--roles', message: `${bad.join(', ')}: not a role; roles are ${roles.join(', ')}` }]);
  return list;
}

const userLine = (u: User) => [u.username, u.displayName, u.roles.join(',') || '-', u.disabled ? 'disabled' : 'active', u.totp ? 'totp' : '-'];

export function registerUsers(program: Command): void {
  const user = program.command('user').description(commandSummaries.user);
  user
    .command('add <username>')
    .description('add a person; without --password-file a password is generated and printed once')
    .requiredOption('--name <display-name>', 'the name shown in audit logs, for example "Insp. Wibowo"')
    .requiredOption('--roles <list>', `comma-separated: ${roles.join(', ')}`, rolesFlag)
    .option('--password-file <file>', 'the initial password, from this file ("-": standard input)')
    .option('--totp', 'add a TOTP second factor; the otpauth:// URI for an authenticator app is printed once', false)
    .action(async (username: string, flags: { name: string; roles: string[]; passwordFile?: string; totp: boolean }, command: Command) =>
      withAccess(command, async ({ agency, client, options }) => {
        const generated = flags.passwordFile === undefined;
        const password = generated ? randomBytes(15).toString('base64url') : readSecretFile(flags.passwordFile!, '--password-file');
        const added = await callUnary(client, 'addUser', { username, displayName: flags.name, roles: flags.roles, password, withTotp: flags.totp });
        print(options.json, { ...added, ...(generated ? { password } : {}) }, () =>
          [
            `Added ${username} (${flags.name}) to ${agency} with roles ${flags.roles.join(', ') || '(none)'}.`,
            ...(generated ? [`Initial password (shown once): ${password}`] : []),
            ...(added.totpUri ? [`TOTP for an authenticator app (shown once): ${added.totpUri}`] : []),
          ].join('\n'),
        );
      }),
    );
  user
    .command('list')
    .description('every person of the agency, disabled ones included')
    .action(async (_flags: unknown, command: Command) =>
      withAccess(command, async ({ client, options }) => {
        const { users } = await callUnary(client, 'listUsers', {});
        print(options.json, users, () => table([['USERNAME', 'NAME', 'ROLES', 'STATE', '2FA'], ...users.map(userLine)]));
      }),
    );
  user
    .command('roles <username>')
    .description("replace a person's roles (tokens issued from then on carry them)")
    .requiredOption('--set <list>', `comma-separated: ${roles.join(', ')}`, rolesFlag)
    .action(async (username: string, flags: { set: string[] }, command: Command) =>
      withAccess(command, async ({ client, options }) => {
        const { user: changed } = await callUnary(client, 'setUserRoles', { username, roles: flags.set });
        print(options.json, changed, () => `${username} now holds ${changed?.roles.join(', ') || 'no role'}.`);
      }),
    );
  for (const [verb, method, words] of [
    ['disable', 'disableUser', 'refuse sign-in and, within seconds, every call with tokens already issued'],
    ['enable', 'enableUser', 'let a disabled person sign in again'],
  ] as const) {
    user
      .command(`${verb} <username>`)
      .description(words)
      .action(async (username: string, _flags: unknown, command: Command) =>
        withAccess(command, async ({ client, options }) => {
          const { user: changed } = await callUnary(client, method, { username });
          print(options.json, changed, () => `${username} is ${changed?.disabled ? 'disabled' : 'enabled'}.`);
        }),
      );
  }

  program
    .command('signing-key')
    .description(commandSummaries['signing-key'])
    .command('rotate')
    .description('sign tokens with a new key from now on; the previous key stays published until its tokens expire')
    .action(async (_flags: unknown, command: Command) =>
      withAccess(command, async ({ agency, client, options }) => {
        const rotated = await callUnary(client, 'rotateSigningKey', {});
        print(options.json, rotated, () => `${agency} signs tokens with key ${rotated.keyId}; published: ${rotated.publishedKeyIds.join(', ')}.`);
      }),
    );
}
