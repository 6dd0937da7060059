/**
 * The people an agency's admin has disabled, kept in a key-value bucket of the agency's internal
 * account (never exported) and watched live by every service, so that tokens already issued to a
 * disabled person stop working within seconds, whichever issuer signed them.
 */
import type { KV, NatsConnection } from 'nats';
import { openBucket } from './open-bucket.js';

export const disabledBucket = 'ACCESS_DISABLED';

/** Subjects are the bucket's keys; a key holds what the admin said and when. */
const keyOf = (subject: string) => Buffer.from(subject, 'utf8').toString('base64url');
const subjectOf = (key: string) => Buffer.from(key, 'base64url').toString('utf8');

export interface DisabledPeople {
  has(subject: string): boolean;
  stop(): void;
}

/** Every service of the agency opens the bucket at start, at the same moment. */
export function openDisabledBucket(nc: NatsConnection, replicas = 1): Promise<KV> {
  return openBucket(nc, disabledBucket, { history: 1, replicas });
}

export async function setDisabled(kv: KV, subject: string, disabled: boolean): Promise<void> {
  if (disabled) await kv.put(keyOf(subject), JSON.stringify({ at: new Date().toISOString() }));
  else await kv.delete(keyOf(subject));
}

/** Follows the bucket; resolves once the current content is loaded. */
export async function watchDisabledPeople(nc: NatsConnection, replicas = 1): Promise<DisabledPeople> {
  const kv = await openDisabledBucket(nc, replicas);
  const disabled = new Set<string>();
  let initialized!: () => void;
  const ready = new Promise<void>((resolve) => (initialized = resolve));
  const watch = await kv.watch({ initializedFn: () => initialized() });
  void (async () => {
    for await (const entry of watch) {
      if (entry.operation === 'PUT') disabled.add(subjectOf(entry.key));
      else disabled.delete(subjectOf(entry.key));
    }
  })();
  await ready;
  return { has: (subject) => disabled.has(subject), stop: () => watch.stop() };
}
