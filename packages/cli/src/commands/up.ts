/** `concord up` (what `npm start` runs): a local federation until Ctrl-C. */
import type { Command } from 'commander';
import { defaultBasePort } from '@concord/launcher/layout';
import { ConcordError } from '@concord/errors';
import { portNumber } from '../flag-parsers.js';
import { globalOptions } from '../global-options.js';
import { commandSummaries } from '../command-summaries.js';

export function registerUp(program: Command): void {
  program
    .command('up')
    .description(commandSummaries.up)
    .option('--manifest <path>', 'federation manifest', 'deploy/federation.example.yaml')
    .option('--base-port <port>', `first of the ports to use (hub on it, each agency 10 further)`, portNumber, defaultBasePort)
    .option('--host <address>', 'address every server and service listens on', '127.0.0.1')
    .option('--log-level <level>', 'service log level: fatal, error, warn, info, debug, trace, silent', 'info')
    .action(async (options: { manifest: string; basePort: number; host: string; logLevel: string }, command: Command) => {
      // The launcher brings every service with it: loaded here, not on every command.
      const [{ describeFederation, startFederation }, { logLevels }] = await Promise.all([import('@concord/launcher'), import('@concord/service-kit')]);
      if (!(logLevels as readonly string[]).includes(options.logLevel)) throw ConcordError.invalid([{ path: '--log-level', message: `must be one of ${logLevels.join(', ')}` }]);
      const { dataDir } = globalOptions(command);
      process.stdout.write(`Starting the federation from ${options.manifest} (data in ${dataDir}) ...\n`);
      const federation = await startFederation({ manifestPath: options.manifest, dataDir, basePort: options.basePort, host: options.host, logLevel: options.logLevel as (typeof logLevels)[number] });
      process.stdout.write(`${describeFederation(federation.prepared)}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      process.stdout.write('\nStopping: services, then agency servers, then the hub ...\n');
      await federation.stop();
      process.stdout.write('Stopped. Data kept in the data directory.\n');
    });
}
