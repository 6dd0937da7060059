/** `concord manifest check`: validates a federation manifest and names every bad field. */
import type { Command } from 'commander';
import { globalOptions } from '../global-options.js';
import { print, table } from '../output.js';
import { commandSummaries } from '../command-summaries.js';

export function registerManifest(program: Command): void {
  const manifest = program.command('manifest').description(commandSummaries.manifest);
  manifest
    .command('check')
    .argument('[path]', 'manifest to check', 'deploy/federation.example.yaml')
    .description('validate a manifest; every invalid field is reported with its path')
    .action(async (path: string, _options: unknown, command: Command) => {
      const options = globalOptions(command);
      // The manifest's checks bring the certificate tooling: loaded for this command only.
      const { loadManifest } = await import('@concord/manifest');
      const checked = await loadManifest(path);
      print(options.json, { valid: true, manifest: checked }, () =>
        [
          `${path} is valid: ${checked.federation.name}, ${checked.agencies.length} agencies.`,
          table([['ID', 'ROLE', 'COUNTRY', 'TIME ZONE', 'KEYS', 'NAME'], ...checked.agencies.map((a) => [a.id, a.role, a.country ?? '-', a.timeZone, a.keys ? 'yes' : 'not yet', a.name])]),
        ].join('\n'),
      );
    });
}
