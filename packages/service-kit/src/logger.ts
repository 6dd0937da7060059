/**
 * Structured logs: every line carries the agency and the service; never secrets or intelligence.
 * Every value logged is bounded, so a huge request (or an error quoting one) makes a short line.
 */
import { pino, type Logger, type DestinationStream, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

const maxString = 1_000;
const maxItems = 20;
const maxDepth = 4;

const cut = (text: string) => (text.length > maxString ? `${text.slice(0, maxString)}… (${text.length} characters)` : text);

/** A copy of `value` with long strings cut, long lists shortened and deep nesting stopped. */
export function boundedForLog(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cut(value);
  if (typeof value !== 'object' || value === null) return value;
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (depth >= maxDepth) return '[nested too deep]';
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { type: value.name, message: cut(value.message), stack: cut(value.stack ?? ''), ...(code !== undefined ? { code: boundedForLog(code, depth + 1) } : {}), ...(value.cause !== undefined ? { cause: boundedForLog(value.cause, depth + 1) } : {}) };
  }
  if (Array.isArray(value)) {
    const items = value.slice(0, maxItems).map((item) => boundedForLog(item, depth + 1));
    return value.length > maxItems ? [...items, `… ${value.length - maxItems} more`] : items;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  const entries = Object.entries(value);
  const kept = entries.slice(0, maxItems).map(([key, item]) => [key, boundedForLog(item, depth + 1)]);
  return Object.fromEntries(entries.length > maxItems ? [...kept, ['…', `${entries.length - maxItems} more fields`]] : kept);
}

export function createLogger(fields: { agency: string; service: string }, level: LevelWithSilent, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { agency: fields.agency, service: fields.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: (object) => boundedForLog(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? cut(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    destination ?? pino.destination(1),
  );
}
