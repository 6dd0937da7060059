/** A secret typed at the terminal without echo, or read from a file or standard input for scripts. */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Code, ConcordError } from '@concord/errors';

export function readSecretFile(path: string, flag: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8').split('\n')[0]!.trim();
  } catch (error) {
    throw ConcordError.invalid([{ path: flag, message: `cannot read ${path}: ${(error as Error).message}` }]);
  }
}

export function promptHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new ConcordError(Code.InvalidArgument, `${question.trim()} needed and no terminal to ask on: give --password-file (or - for standard input)`);
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput(text: string): void };
    process.stderr.write(question);
    output._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

export function prompt(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new ConcordError(Code.InvalidArgument, `${question.trim()} needed and no terminal to ask on: give it as a flag`);
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer.trim());
    });
  });
}
