/** Turns zod issues into violations with paths people can read (`agencies[2].keys.signing`). */
import type { ZodError } from 'zod';
import { ConcordError, type Violation } from './concord-error.js';

export function formatPath(path: readonly PropertyKey[], renameKey: (key: string) => string = (k) => k): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${renameKey(String(part))}` : renameKey(String(part));
  }
  return out;
}

export function violationsOf(error: ZodError, renameKey?: (key: string) => string): Violation[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path, renameKey), message: issue.message }));
}

/** A zod failure as an InvalidArgument ConcordError naming every bad field. */
export function invalidFromZod(error: ZodError, subject?: string, renameKey?: (key: string) => string): ConcordError {
  return ConcordError.invalid(violationsOf(error, renameKey), subject);
}
