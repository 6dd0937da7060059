/** `concord keys init`: an agency's signing and encryption keys, created once in its data directory. */
import type { Command } from 'commander';
import { ConcordError } from '@concord/errors';
import { initAgencyIdentity } from '@concord/identity';
import { federationPaths } from '@concord/launcher';
import { agencyIdSchema } from '@concord/manifest';
import { globalOptions } from '../global-options.js';
import { print } from '../output.js';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description("an agency's identity keys");
  keys
    .command('init')
    .description('create the agency\'s Ed25519 signing and X25519 encryption keys (kept if they exist) and print the public halves for the manifest')
    .action(async (_options: unknown, command: Command) => {
      const options = globalOptions(command);
      const id = agencyIdSchema.safeParse(options.agency);
      if (!id.success) throw ConcordError.invalid([{ path: '--agency', message: options.agency ? id.error.issues[0]!.message : 'is required: the agency whose keys to create' }]);
      const dir = federationPaths(options.dataDir).agency(id.data).keysDir;
      const { identity, created } = await initAgencyIdentity(dir);
      print(options.json, { agency: id.data, created, keysDir: dir, keys: identity.publicKeys }, () =>
        [
          `${created ? 'Created' : 'Kept the existing'} keys of ${id.data} in ${dir} (private halves: owner-only files; never share them).`,
          'Public keys for the federation manifest:',
          '    keys:',
          `      signing: ${identity.publicKeys.signing}`,
          `      encryption: ${identity.publicKeys.encryption}`,
        ].join('\n'),
      );
    });
}
