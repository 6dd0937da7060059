/**
 * `concord deploy render`: writes one site's bundle (an agency's, or the hub's) from the federation
 * manifest and that party's own data directory. The bundle tooling loads for this command only.
 */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ConcordError } from '@concord/errors';
import { agencyIdSchema } from '@concord/manifest/agency-id';
import { globalOptions } from '../global-options.js';
import { print } from '../output.js';
import { commandSummaries } from '../command-summaries.js';

interface RenderFlags {
  readonly hub: boolean;
  readonly out?: string;
  readonly force: boolean;
  readonly manifest?: string;
}

export function registerDeploy(program: Command): void {
  const deploy = program.command('deploy').description(commandSummaries.deploy);
  deploy
    .command('render')
    .description("write one site's bundle: an agency's (--agency) or the hub's (--hub): nats-server cluster configurations, the services' configuration, systemd units, compose files and Kubernetes manifests")
    .option('--hub', "the hub's bundle instead of an agency's", false)
    .option('--out <dir>', 'an empty directory to write the bundle into')
    .option('--force', 'empty --out first if it holds anything', false)
    .option('--manifest <path>', 'the federation manifest with every public key (default <data-dir>/federation.json)')
    .action(async (flags: RenderFlags, command: Command) => {
      const options = globalOptions(command);
      const agencyGiven = command.parent?.parent?.getOptionValueSource('agency') === 'cli';
      if (flags.hub && agencyGiven) throw ConcordError.invalid([{ path: '--hub', message: 'cannot be combined with --agency: a bundle is for one site' }]);
      const agency = flags.hub ? undefined : agencyIdSchema.safeParse(options.agency);
      if (agency && !agency.success) throw ConcordError.invalid([{ path: '--agency', message: options.agency ? agency.error.issues[0]!.message : 'is required: the agency whose site to render (or --hub)' }]);
      if (!flags.out) throw ConcordError.invalid([{ path: '--out', message: 'is required: the directory to write the bundle into' }]);
      const manifestPath = resolve(flags.manifest ?? join(options.dataDir, 'federation.json'));
      const [{ loadManifest, requireTrusted }, { renderAgencyBundle, renderHubBundle, writeBundle }] = await Promise.all([import('@concord/manifest'), import('@concord/deploy')]);
      const manifest = await loadManifest(manifestPath);
      requireTrusted(manifest);
      const dataDir = resolve(options.dataDir);
      const files = agency?.data ? await renderAgencyBundle({ manifest, agency: agency.data, dataDir }) : await renderHubBundle({ manifest, dataDir });
      const out = resolve(flags.out);
      await writeBundle(out, files, { force: flags.force });
      const site = agency?.data ?? 'the hub';
      print(options.json, { site, out, files: files.map((file) => ({ path: file.path, secret: file.secret })) }, () =>
        [`Wrote the site bundle of ${site} to ${out}: ${files.length} files, ${files.filter((f) => f.secret).length} of them secret (owner-only).`, 'Hand it only to the people who run that site.'].join('\n'),
      );
    });
}
