/** Entry point of the `concord` command: runs the command, turns errors into one line and an exit code. */
import { CommanderError } from 'commander';
import { Code, ConcordError } from '@concord/errors';
import { buildProgram, versionAsked } from './program.js';

async function main(argv: readonly string[]): Promise<void> {
  const version = versionAsked(argv);
  if (version) {
    process.stdout.write(`concord ${version}\n`);
    return;
  }
  try {
    await (await buildProgram(argv)).parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander printed its message (or the help) already.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    const failure = ConcordError.from(error);
    process.stderr.write(`error: ${failure.message}\n`);
    process.exitCode = failure.code === Code.InvalidArgument ? 2 : 1;
  }
}

await main(process.argv.slice(2));
