/**
 * Typed parsers for flag values, handed to commander (`.option(flags, text, parser)`): a bad value
 * stops the command before anything is sent, as one line naming the flag, with exit code 2.
 */
import { InvalidArgumentError } from 'commander';

const int32Max = 2 ** 31 - 1;

/** A whole number from `min` to `max`, in plain digits: "3", not "3.0", "0x3" or "3e0". */
export function wholeNumber(min: number, max = int32Max): (value: string) => number {
  return (value) => {
    const number = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
    if (!(number >= min && number <= max)) throw new InvalidArgumentError(`Expected a whole number from ${min} to ${max}.`);
    return number;
  };
}

/** A version of a record (an operation, a joint plan): 1 for the first. */
export const versionNumber = wholeNumber(1);
/** A position in a stream, as printed with each watched entry: 0 for the beginning. */
export const cursorNumber = wholeNumber(0, Number.MAX_SAFE_INTEGER);
/** How many at most. */
export const positiveCount = wholeNumber(1);
/** Seconds to wait for an answer: up to a day. */
export const timeoutSeconds = wholeNumber(1, 86_400);
/** A TCP port. */
export const portNumber = wholeNumber(1, 65_535);
