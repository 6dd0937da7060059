/**
 * The zod building blocks every gRPC request schema is made of: an id, a text and a list, each with a
 * bound and a character set. An unchecked id reaches NATS subjects and key-value keys (where `.`,
 * `*`, `>` and spaces are syntax), and an unbounded field makes a refusal as big as the request; so
 * each block reports at most one short problem per field and never repeats the value it refuses.
 */
import { z } from 'zod';

/** The most elements of a list of agencies: the wire formats' own bound on a federation. */
export const maxAgencies = 64;

/** Control characters (C0, DEL, C1), except tab, line feed and carriage return. */
const controlCharacter = /(?![\t\n\r])\p{Cc}/u;
/** What a protobuf decoder puts where the bytes were not UTF-8. */
const replacementCharacter = '\ufffd';

/** Why `value` is not an acceptable text, or undefined. */
function textProblem(value: string, max: number, multiline: boolean): string | undefined {
  if (value.length > max) return `must be at most ${max.toLocaleString('en')} characters`;
  if (value.includes(replacementCharacter)) return 'must be UTF-8 text';
  if (controlCharacter.test(value) || (!multiline && /[\t\n\r]/.test(value))) return multiline ? 'must not contain control characters' : 'must be one line without control characters';
  return undefined;
}

/**
 * An id the federation issues (UUIDs, milestone and lesson ids): 1 to 64 letters, digits, dashes or
 * underscores. `optional` accepts the empty string as "not given".
 */
export const idField = (what: string, options: { optional?: boolean } = {}) =>
  z.string().superRefine((value, ctx) => {
    if (value === '') {
      if (!options.optional) ctx.addIssue({ code: 'custom', message: 'is required' });
    } else if (value.length > 64 || !/^[A-Za-z0-9_-]+$/.test(value)) {
      ctx.addIssue({ code: 'custom', message: `must be ${what}: 1 to 64 letters, digits, dashes or underscores` });
    }
  });

export interface TextOptions {
  /** The most characters, counted before trimming. */
  readonly max: number;
  /** Refuse an empty (or blank) value with this message. */
  readonly required?: string;
  /** Allow tabs and line breaks. */
  readonly multiline?: boolean;
}

/** A text people wrote: bounded, UTF-8, without control characters, trimmed. */
export const textField = ({ max, required, multiline = false }: TextOptions) =>
  z
    .string()
    .superRefine((value, ctx) => {
      const problem = textProblem(value, max, multiline) ?? (required !== undefined && value.trim() === '' ? required : undefined);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((value) => value.trim());

export interface ListOptions {
  readonly max: number;
  /** Refuse an empty list with this message. */
  readonly required?: string;
  /** Refuse an element listed twice. */
  readonly unique?: boolean;
}

/**
 * A repeated field: its length is checked before any element is read, so 100,000 bad elements cost
 * one problem, not 100,000; duplicates are refused at the second copy.
 */
export function listField<T extends z.ZodType>(item: T, { max, required, unique = false }: ListOptions) {
  const bounded = z.array(z.unknown()).superRefine((list, ctx) => {
    if (list.length > max) ctx.addIssue({ code: 'custom', message: `must list at most ${max}` });
    else if (required !== undefined && list.length === 0) ctx.addIssue({ code: 'custom', message: required });
  });
  return bounded.pipe(z.array(item)).superRefine((list, ctx) => {
    if (!unique) return;
    const seen = new Set<unknown>();
    for (const [index, element] of list.entries()) {
      if (seen.has(element)) return ctx.addIssue({ code: 'custom', message: 'is listed twice', path: [index] });
      seen.add(element);
    }
  });
}
