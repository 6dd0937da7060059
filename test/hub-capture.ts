/**
 * What crosses the hub, as observers subscribed to ">" in every hub account capture it, and what of it
 * a hub operator could read: the secrets a test planted, in clear or base64-encoded, words that name a
 * kind or a status, dates, and any field of the clear JSON beyond the routing envelope.
 */
import type { NatsConnection } from 'nats';
import type { TestFederation } from '@concord/testkit';

export interface Captured {
  readonly account: string;
  readonly subject: string;
  readonly headers: readonly string[];
  readonly data: string;
}

/** Subscribes in every hub account; returns the way to stop, after a last flush. */
export async function observeHub(federation: TestFederation, captured: Captured[]): Promise<() => Promise<void>> {
  const observers: NatsConnection[] = await Promise.all(
    federation.agencyIds.map(async (account) => {
      const nc = await federation.connectHub(account);
      nc.subscribe('>', {
        callback: (_error, message) => {
          const headers = message.headers ? [...message.headers.keys()].flatMap((key) => [key, ...message.headers!.values(key)]) : [];
          captured.push({ account, subject: message.subject, headers, data: new TextDecoder().decode(message.data) });
        },
      });
      await nc.flush();
      return nc;
    }),
  );
  return async () => {
    await Promise.all(observers.map((nc) => nc.flush()));
    await Promise.all(observers.map((nc) => nc.close()));
  };
}

export interface Secrets {
  /** Planted in free-text fields: must not appear, in clear or encoded. */
  readonly canaries: readonly string[];
  /** Lists as an operation states them (participants, co-chairs, parties). */
  readonly lists: readonly string[];
  /** Kinds, statuses and labels: must not appear as a JSON value or a subject token. */
  readonly words: readonly string[];
}

/**
 * The fields the clear part of what crosses the hub may have: the signed envelope, the routing part
 * (ids only), the sealed box, and a delivery's reply.
 */
const clearFields = new Set([
  ...['v', 'id', 'origin', 'capability', 'type', 'scope', 'recipients', 'hlc', 'issuedAt', 'body'],
  ...['routing', 'operationId', 'alertId', 'feedbackId', 'requestId', 'lessonId'],
  ...['box', 'alg', 'epk', 'content', 'agency', 'key'],
  ...['ok', 'duplicate', 'reason', 'detail'],
]);

/** Base64 or base64url runs long enough to hold a secret, decoded. */
function decodedRuns(text: string): string[] {
  return (text.match(/[A-Za-z0-9+/_-]{16,}={0,2}/g) ?? []).map((run) => Buffer.from(run, 'base64url').toString('latin1'));
}

function fieldNames(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) fieldNames(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      into.add(key);
      fieldNames(inner, into);
    }
  }
  return into;
}

function parsed(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

/** Everything readable in what was captured, one line per finding; empty when the hub learnt only routing. */
export function readable(captured: readonly Captured[], secrets: Secrets): string[] {
  const found: string[] = [];
  for (const message of captured) {
    const where = `${message.account} ${message.subject}`;
    const text = [message.subject, ...message.headers, message.data].join('\n');
    const decoded = decodedRuns(text).join('\n');
    for (const canary of secrets.canaries) {
      if (text.includes(canary)) found.push(`${where}: canary ${canary}`);
      else if (decoded.includes(canary)) found.push(`${where}: canary ${canary}, base64-encoded`);
    }
    for (const list of secrets.lists) if (text.includes(list)) found.push(`${where}: list ${list}`);
    for (const word of secrets.words) {
      if (new RegExp(`(^|["./])${word}(["./]|$)`, 'm').test(text)) found.push(`${where}: word ${word}`);
    }
    // The envelope's own time of issue is routing; any other date is content.
    const date = /\d{4}-\d{2}-\d{2}/.exec(text.replace(/"issuedAt":"[^"]*"/g, ''));
    if (date) found.push(`${where}: date ${date[0]}`);
    const extra = [...fieldNames(parsed(message.data), new Set())].filter((name) => !clearFields.has(name));
    if (extra.length > 0) found.push(`${where}: clear fields ${extra.join(', ')}`);
  }
  return found;
}

/** The findings, counted by kind with a few examples each: a readable failure message. */
export function summarise(found: readonly string[]): string {
  const byKind = new Map<string, string[]>();
  for (const line of found) {
    const kind = line.split(': ')[1]!.split(' ')[0]!;
    byKind.set(kind, [...(byKind.get(kind) ?? []), line]);
  }
  return [...byKind].map(([kind, lines]) => `${lines.length} x ${kind}, e.g.\n  ${[...new Set(lines)].slice(0, 6).join('\n  ')}`).join('\n');
}
