/**
 * What a service keeps to itself (planning: drafts, actions' private details, raw target identifiers;
 * tasking: the agency's tasks). A JetStream key-value bucket in the agency's internal account: no subject of it is exported, so it
 * cannot leave the agency's server. Values go in as the JSON of typed records and are validated with
 * a schema on the way out, so a damaged record is reported, never used.
 */
import type { KV, NatsConnection } from 'nats';
import type { z } from 'zod';
import { ConcordError } from '@concord/errors';

export class PrivateStore {
  private constructor(private readonly kv: KV) {}

  /** `bucket`: the service's own, such as PLANNING_PRIVATE; `replicas`: the agency's JetStream copies. */
  static async open(nc: NatsConnection, bucket: string, replicas = 1): Promise<PrivateStore> {
    return new PrivateStore(await nc.jetstream().views.kv(bucket, { history: 5, replicas }));
  }

  async put(key: string, value: unknown): Promise<void> {
    await this.kv.put(key, JSON.stringify(value));
  }

  async get<S extends z.ZodType>(key: string, schema: S): Promise<z.output<S> | undefined> {
    const entry = await this.kv.get(key);
    if (!entry || entry.operation !== 'PUT') return undefined;
    return this.#decode(key, schema, entry.string());
  }

  async list<S extends z.ZodType>(prefix: string, schema: S): Promise<Array<z.output<S>>> {
    // Keys first, values after: in nats.js 2.29 a get awaited inside the keys() iteration silently
    // ends the iteration after the first key.
    const keys: string[] = [];
    for await (const key of await this.kv.keys(`${prefix}.>`)) keys.push(key);
    const values: Array<z.output<S>> = [];
    for (const key of keys) {
      const value = await this.get(key, schema);
      if (value !== undefined) values.push(value);
    }
    return values;
  }

  async delete(key: string): Promise<void> {
    await this.kv.delete(key);
  }

  #decode<S extends z.ZodType>(key: string, schema: S, text: string): z.output<S> {
    const parsed = schema.safeParse(JSON.parse(text));
    if (!parsed.success) throw ConcordError.from(new Error(`private record ${key} is damaged: ${parsed.error.message}`));
    return parsed.data;
  }
}
