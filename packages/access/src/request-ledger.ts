/**
 * Client request ids: a mutating call that carries `concord-request-id` is carried out once. The first
 * attempt claims the id in a key-value bucket of the agency's internal account (entries live 24 hours)
 * and leaves its answer there; a retry with the same id gets that answer and records nothing new.
 *
 * The hard case is an attempt whose process died after it stored its work but before it answered:
 * its claim names a process that is gone, and the events it stored carry ids derived from the request
 * (see FederationLink), so the retry can tell "stored, answer lost" (ALREADY_EXISTS) from "never
 * stored" (carried out now).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import type { KV, NatsConnection } from 'nats';
import { z } from 'zod';
import { Code, ConcordError } from '@concord/errors';
import { openBucket } from './open-bucket.js';

export const requestIdHeader = 'concord-request-id';
export const requestLifetimeMs = 24 * 3_600_000;
const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;
/** How long a retry waits for an attempt of the same id still running in this process. */
const waitForRunningMs = 15_000;

const entrySchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('running'), instance: z.string() }),
  z.strictObject({ state: z.literal('answered'), answer: z.base64() }),
  z.strictObject({ state: z.literal('failed'), code: z.number().int(), message: z.string() }),
]);
type Entry = z.infer<typeof entrySchema>;

/** What the guard does with a call: carry it out, or answer as its first attempt did. */
export type RequestStart = { readonly kind: 'run'; readonly key: string } | { readonly kind: 'replay'; readonly answer: Uint8Array };

export interface RequestInProgress {
  readonly key: string;
  /** Events stored so far for it: the ordinal of the next event's derived id. */
  events: number;
}

/** The call's request id from its metadata; undefined when it has none, INVALID_ARGUMENT when malformed. */
export function requestIdOf(metadata: { get(key: string): unknown[] }): string | undefined {
  const value = metadata.get(requestIdHeader)[0];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !requestIdPattern.test(value)) {
    throw ConcordError.invalid([{ path: requestIdHeader, message: 'must be 1 to 128 letters, digits, ".", "_", ":" or "-"' }], 'invalid request id');
  }
  return value;
}

/** One key per method, person and id: the same id from two people, or for two methods, is two requests. */
export function requestKeyOf(method: string, caller: { readonly agency: string; readonly subject: string }, requestId: string): string {
  return createHash('sha256').update(`${method}\n${caller.agency}\n${caller.subject}\n${requestId}`).digest('base64url');
}

export class RequestLedger {
  /** This process: a claim by another one was left by a process that is gone. */
  readonly #instance = randomUUID();
  /**
   * Keys this process is carrying out now, each with the way to wake the retries waiting for it: a claim
   * of this process under any other key lost its answer.
   */
  readonly #running = new Map<string, { readonly ended: Promise<void>; readonly end: () => void }>();
  readonly #indexes = new Set<(key: string) => boolean>();
  readonly #context = new AsyncLocalStorage<RequestInProgress>();

  private constructor(private readonly kv: KV) {}

  /** `bucket`: the service's own, such as PLANNING_REQUESTS. */
  static async open(nc: NatsConnection, bucket: string, replicas = 1): Promise<RequestLedger> {
    return new RequestLedger(await openBucket(nc, bucket, { history: 1, ttl: requestLifetimeMs, replicas }));
  }

  /** The request being served by the code running now, if any. */
  current(): RequestInProgress | undefined {
    return this.#context.getStore();
  }

  /** Runs a request's work where current() finds it. */
  run<T>(key: string, work: () => T): T {
    return this.#context.run({ key, events: 0 }, work);
  }

  /** The request's attempt in this process has ended: answered, failed, or its answer not recorded. */
  ended(key: string): void {
    this.#running.get(key)?.end();
    this.#running.delete(key);
  }

  register(committed: (key: string) => boolean): () => void {
    this.#indexes.add(committed);
    return () => this.#indexes.delete(committed);
  }

  committed(key: string): boolean {
    return [...this.#indexes].some((committed) => committed(key));
  }

  /**
   * `deadline` (epoch ms): the caller's; a retry waiting for an attempt of this process gives up at it,
   * since nobody would hear its answer.
   */
  async start(key: string, deadline = Infinity): Promise<RequestStart> {
    const waitUntil = Math.min(Date.now() + waitForRunningMs, deadline);
    for (;;) {
      const found = await this.kv.get(key);
      if (!found || found.operation !== 'PUT') {
        if (await this.#claim(key)) return this.#started(key);
        continue;
      }
      const entry = entrySchema.parse(found.json());
      if (entry.state === 'answered') return { kind: 'replay', answer: Buffer.from(entry.answer, 'base64') };
      if (entry.state === 'failed') throw new ConcordError(entry.code as Code, entry.message);
      // A claim of this process that no attempt here carries out: its answer could not be recorded (the
      // store failed for a moment). Like a dead process's claim, or every retry would wait for it for ever.
      if (entry.instance !== this.#instance || !this.#running.has(key)) {
        if (this.committed(key)) {
          throw new ConcordError(Code.AlreadyExists, 'this request was carried out before, and its answer was lost (the service restarted, or its store failed for a moment); nothing was recorded again: list or get to see the result');
        }
        if (await this.#claim(key, found.revision)) return this.#started(key);
        continue;
      }
      if (Date.now() >= waitUntil) throw new ConcordError(Code.Aborted, 'an earlier call with this request id is still running; try again shortly');
      // Woken when that attempt ends (its answer recorded), not by polling the bucket.
      await this.#endOf(key, waitUntil - Date.now());
    }
  }

  #started(key: string): RequestStart {
    let end = () => {};
    const ended = new Promise<void>((resolve) => (end = resolve));
    this.#running.set(key, { ended, end });
    return { kind: 'run', key };
  }

  /** Resolves when this process's attempt at `key` ends, or after `ms`. */
  async #endOf(key: string, ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    await Promise.race([this.#running.get(key)?.ended, timeout]).finally(() => clearTimeout(timer));
  }

  /** Keeps the first attempt's answer for the retries. */
  async answered(key: string, answer: Uint8Array): Promise<void> {
    await this.#put(key, { state: 'answered', answer: Buffer.from(answer).toString('base64') });
  }

  /**
   * A failed attempt: tried again from scratch by a retry, unless it stored something first; then the
   * retry gets the same failure.
   */
  async failed(key: string, code: number, message: string): Promise<void> {
    if (this.committed(key)) await this.#put(key, { state: 'failed', code, message });
    else await this.kv.delete(key);
  }

  async #put(key: string, entry: Entry): Promise<void> {
    await this.kv.put(key, JSON.stringify(entry));
  }

  /** Claims the key for this process: created new, or taken over from a dead process's claim at `revision`. */
  async #claim(key: string, revision?: number): Promise<boolean> {
    const claim = JSON.stringify({ state: 'running', instance: this.#instance } satisfies Entry);
    try {
      if (revision === undefined) await this.kv.create(key, claim);
      else await this.kv.update(key, claim, revision);
      return true;
    } catch (error) {
      // Another attempt claimed it first: look again.
      if (/wrong last sequence|key exists/i.test(String((error as Error).message))) return false;
      throw error;
    }
  }
}
