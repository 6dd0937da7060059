/** The one error type of Concord: a status code, a message people can act on, and the field(s) at fault. */
import { Code, codeName } from './code.js';

/** One invalid field: its path as people write it (`agencies[2].timeZone`) and what is wrong. */
export interface Violation {
  readonly path: string;
  readonly message: string;
}

export class ConcordError extends Error {
  override readonly name = 'ConcordError';
  readonly code: Code;
  readonly violations: readonly Violation[];

  constructor(code: Code, message: string, options: { cause?: unknown; violations?: readonly Violation[] } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.violations = options.violations ?? [];
  }

  /** "InvalidArgument: period.end: must be after period.start" */
  override toString(): string {
    return `${codeName(this.code)}: ${this.message}`;
  }

  /** An error made of invalid fields; the message names every one, so nothing needs a second try. */
  static invalid(violations: readonly Violation[], subject = 'invalid input'): ConcordError {
    const lines = violations.map((v) => (v.path ? `${v.path}: ${v.message}` : v.message));
    return new ConcordError(Code.InvalidArgument, `${subject}: ${lines.join('; ')}`, { violations });
  }

  /** Any thrown value as a ConcordError; infrastructure errors get the code that says what to do next. */
  static from(reason: unknown, fallback: Code = Code.Internal): ConcordError {
    if (reason instanceof ConcordError) return reason;
    const code = infrastructureCode(reason) ?? fallback;
    const message = reason instanceof Error ? reason.message : String(reason);
    return new ConcordError(code, message, { cause: reason });
  }
}

/**
 * The one mapping from infrastructure failures (NATS, JetStream, the file system, sockets) to codes.
 * Matches on the `code` property those libraries set, so this package needs none of them.
 */
const infrastructureCodes: ReadonlyArray<readonly [Code, readonly string[]]> = [
  // Nobody listens (NATS 503), the connection is gone or being made, or the socket was refused:
  // the peer or the service is down and a retry may work.
  [Code.Unavailable, ['503', 'NO_RESPONDERS', 'CONNECTION_CLOSED', 'CONNECTION_DRAINING', 'CONNECTION_REFUSED', 'DISCONNECT', 'ECONNREFUSED', 'ECONNRESET']],
  // A NATS request or JetStream ack did not come in time: the outcome is unknown, the caller decides.
  [Code.DeadlineExceeded, ['TIMEOUT', '408']],
  // The JetStream message or stream, or the file, is not there.
  [Code.NotFound, ['404', 'ENOENT']],
  // The process may not touch the file: fixing that is an operator's job.
  [Code.PermissionDenied, ['EACCES', 'EPERM']],
  // The disk or the payload limit is full: nothing more fits until someone makes room.
  [Code.ResourceExhausted, ['ENOSPC', 'MAX_PAYLOAD_EXCEEDED']],
  [Code.AlreadyExists, ['EEXIST']],
];

export function infrastructureCode(reason: unknown): Code | undefined {
  if (typeof reason !== 'object' || reason === null || !('code' in reason)) return undefined;
  const code = String(reason.code);
  return infrastructureCodes.find(([, names]) => names.includes(code))?.[0];
}
