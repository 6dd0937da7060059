/** `concord login`, `logout` and `whoami`: a person signs in at the acting agency's own provider. */
import type { Command } from 'commander';
import { signInWithPassword } from '@concord/access';
import { ConcordError } from '@concord/errors';
import { callUnary } from '@concord/service-kit/client';
import { globalOptions, issuerAccessOf, loadEndpoints, requireAgency } from '../global-options.js';
import { print } from '../output.js';
import { withAccess } from '../service-client.js';
import { prompt, promptHidden, readSecretFile } from '../sign-in/read-secret.js';
import { callerTokens } from '../sign-in/caller-tokens.js';
import { removeSession, saveSession } from '../sign-in/session-store.js';
import { formatInstant } from '../time-zone.js';
import { commandSummaries } from '../command-summaries.js';

interface LoginFlags {
  readonly user?: string;
  readonly passwordFile?: string;
  readonly totp?: string;
}

export function registerSignIn(program: Command): void {
  program
    .command('login')
    .description(commandSummaries.login)
    .option('--user <username>', 'your username (asked when not given)')
    .option('--password-file <file>', 'read the password from this file ("-": standard input) instead of asking')
    .option('--totp <code>', 'the 6-digit code of your authenticator, when your account has one')
    .action(async (flags: LoginFlags, command: Command) => {
      const options = globalOptions(command);
      const endpoints = await loadEndpoints(options);
      const { id, agency } = requireAgency(options, endpoints);
      const username = flags.user ?? (await prompt(`${id} username: `));
      const password = flags.passwordFile ? readSecretFile(flags.passwordFile, '--password-file') : await promptHidden(`password for ${username} at ${id}: `);
      if (flags.totp !== undefined && !/^\d{6}$/.test(flags.totp)) throw ConcordError.invalid([{ path: '--totp', message: 'is the 6-digit code your authenticator shows' }]);
      const session = await signInWithPassword(await issuerAccessOf(options, agency), { username, password, ...(flags.totp ? { totp: flags.totp } : {}) });
      const file = await saveSession({ agency: id, username, session });
      print(options.json, { agency: id, username, issuer: agency.issuer, expiresAt: session.expiresAt, sessionFile: file }, () => `Signed in to ${id} as ${username} (${agency.issuer}). The session refreshes itself; concord logout --agency ${id} ends it.`);
    });

  program
    .command('logout')
    .description(commandSummaries.logout)
    .action(async (_flags: unknown, command: Command) => {
      const options = globalOptions(command);
      const { id, agency } = requireAgency(options, await loadEndpoints(options));
      const removed = await removeSession(id, agency.issuer);
      print(options.json, { agency: id, signedOut: removed }, () => (removed ? `Signed out of ${id}.` : `No session for ${id}.`));
    });

  program
    .command('token')
    .description(commandSummaries.token)
    .action(async (_flags: unknown, command: Command) => {
      const options = globalOptions(command);
      const { id, agency } = requireAgency(options, await loadEndpoints(options));
      const token = await (await callerTokens(id, await issuerAccessOf(options, agency)))();
      print(options.json, { agency: id, accessToken: token }, () => token);
    });

  program
    .command('whoami')
    .description(commandSummaries.whoami)
    .action(async (_flags: unknown, command: Command) =>
      withAccess(command, async ({ agency, client, options, zone }) => {
        const me = await callUnary(client, 'whoAmI', {});
        print(options.json, me, () =>
          [`${me.displayName} at ${agency}`, `  subject  ${me.subject}`, `  roles    ${me.roles.join(', ') || '(none)'}`, `  issuer   ${me.issuer}`, `  token valid until ${me.expiresAt ? formatInstant(me.expiresAt, zone) : '?'}`].join('\n'),
        );
      }),
    );
}
