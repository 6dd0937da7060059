/**
 * Commander's Command with the CLI's error rules: a mistyped option is reported (with the near name)
 * before the required options it left out, and every error prints as one line.
 */
import { Command } from 'commander';

const helpFlags = new Set(['-h', '--help']);

/** Commander's own report of an unknown option, suggestion included; not in its typings. */
interface ReportsUnknownOption {
  unknownOption(flag: string): never;
}

export class ConcordCommand extends Command {
  override createCommand(name?: string): Command {
    return new ConcordCommand(name);
  }

  override parseOptions(args: string[]): ReturnType<Command['parseOptions']> {
    const parsed = super.parseOptions(args);
    const first = parsed.unknown[0];
    // Commander checks required options first, so `--nme X` would be reported as a missing `--name`.
    const leaf = this.commands.length === 0;
    if (leaf && first?.startsWith('-') && !parsed.unknown.some((arg) => helpFlags.has(arg))) {
      (this as unknown as ReportsUnknownOption).unknownOption(first);
    }
    return parsed;
  }
}

/** Commander's multi-line errors ("unknown option '--nme'", "(Did you mean --name?)") as one line. */
export const oneLineErrors = {
  outputError: (text: string, write: (text: string) => void) => write(`${text.trim().replace(/\s*\n\s*/g, ' ')}\n`),
};
