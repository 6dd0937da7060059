/** The `concord` command tree. Every command has --help; --json gives scripts the same data. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConcordCommand, oneLineErrors } from './concord-command.js';
import { commandModules, invokedCommand, registerCommands } from './command-index.js';
import { defaultDataDir } from './global-options.js';
import { timeoutSeconds } from './flag-parsers.js';

/**
 * The program for these arguments. Only the module of the command invoked is loaded (the others bring
 * the contracts and gRPC with them); the rest are listed by name and summary, for --help and for
 * suggestions on a mistyped command.
 */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new ConcordCommand('concord')
    .description('Concord: coordinate a Joint Period of Action across sovereign agencies')
    .option('--agency <id>', 'the agency acting (or CONCORD_AGENCY)', process.env.CONCORD_AGENCY)
    .option('--data-dir <dir>', 'the local federation\'s data directory (or CONCORD_DATA_DIR)', defaultDataDir())
    .option('--endpoints <file>', 'endpoints file of a running federation (default <data-dir>/endpoints.json)')
    .option('--ca <file>', "CA certificate to trust for the agency's services (default: the agency's, from the endpoints file)")
    .option('--json', 'print JSON for scripts instead of text', false)
    .option('--timeout <seconds>', "how long to wait for a service's answer before giving up (watches excepted); default 30", timeoutSeconds)
    .option('--tz <zone>', 'read and show times in this IANA zone ("local": the acting agency\'s zone); default UTC')
    .configureOutput(oneLineErrors)
    .addHelpText('after', '\nconcord --version (alone) prints the version.')
    .exitOverride();
  await registerCommands(program, commandModules, invokedCommand(program, argv));
  return program;
}

/** `concord --version` or `-V`, alone: a global --version would take `op accept --version <n>` from its command. */
export function versionAsked(argv: readonly string[]): string | undefined {
  if (argv.length !== 1 || (argv[0] !== '--version' && argv[0] !== '-V')) return undefined;
  const cli = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return cli.version;
}
