/**
 * `concord keys init`: an agency's signing and encryption keys and its leaf identity (the certificate
 * its leaf link presents to the hub), created once in its data directory; prints the public halves.
 */
import type { Command } from 'commander';
import { ConcordError } from '@concord/errors';
import { federationPaths } from '@concord/launcher/layout';
import { agencyIdSchema } from '@concord/manifest/agency-id';
import { globalOptions } from '../global-options.js';
import { print } from '../output.js';
import { commandSummaries } from '../command-summaries.js';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description(commandSummaries.keys);
  keys
    .command('init')
    .description("create the agency's Ed25519 signing and X25519 encryption keys and its leaf certificate (kept if they exist) and print the public halves for the manifest")
    .action(async (_options: unknown, command: Command) => {
      const options = globalOptions(command);
      const id = agencyIdSchema.safeParse(options.agency);
      if (!id.success) throw ConcordError.invalid([{ path: '--agency', message: options.agency ? id.error.issues[0]!.message : 'is required: the agency whose keys to create' }]);
      const dirs = federationPaths(options.dataDir).agency(id.data);
      // Key and certificate tooling is loaded for this command only, not on every command.
      const [{ initAgencyIdentity }, { ensureLeafIdentity }] = await Promise.all([import('@concord/identity'), import('@concord/pki')]);
      const { identity, created } = await initAgencyIdentity(dirs.keysDir);
      const leaf = await ensureLeafIdentity(dirs.tlsDir, id.data);
      print(options.json, { agency: id.data, created, keysDir: dirs.keysDir, keys: identity.publicKeys, leafCertificate: leaf.certPem }, () =>
        [
          `${created ? 'Created' : 'Kept the existing'} keys of ${id.data} in ${dirs.keysDir} and its leaf identity in ${dirs.tlsDir} (private halves: owner-only files; never share them).`,
          'Public keys and leaf certificate for the federation manifest:',
          '    keys:',
          `      signing: ${identity.publicKeys.signing}`,
          `      encryption: ${identity.publicKeys.encryption}`,
          '    leafCertificate: |',
          ...leaf.certPem.trimEnd().split('\n').map((line) => `      ${line}`),
        ].join('\n'),
      );
    });
}
