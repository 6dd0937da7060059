/**
 * Where the embedded provider keeps what it issues (grants, refresh tokens, sessions): one store per
 * agency that outlives the provider object, so that rotating the signing key (which builds the
 * provider anew) signs nobody out. Kept in memory: after a restart of the identity service, people
 * sign in again. Entries expire as oidc-provider asks.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  readonly payload: AdapterPayload;
  readonly expiresAt: number;
}

export class ProviderStorage {
  readonly #entries = new Map<string, Entry>();
  readonly #grants = new Map<string, Set<string>>();
  readonly #index = new Map<string, string>();
  #writes = 0;

  /** Drops what has expired, every thousand writes: nothing else would. */
  #sweep(): void {
    if (++this.#writes % 1000 !== 0) return;
    const now = Date.now();
    for (const [k, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(k);
    for (const [grant, keys] of this.#grants) {
      for (const k of keys) if (!this.#entries.has(k)) keys.delete(k);
      if (keys.size === 0) this.#grants.delete(grant);
    }
    for (const [name, k] of this.#index) if (!this.#entries.has(k)) this.#index.delete(name);
  }

  /** The adapter oidc-provider asks for, one per model (AccessToken, RefreshToken, Grant, ...). */
  adapterFor = (model: string): Adapter => {
    const key = (id: string) => `${model}:${id}`;
    const live = (k: string): AdapterPayload | undefined => {
      const entry = this.#entries.get(k);
      if (entry && entry.expiresAt <= Date.now()) this.#entries.delete(k);
      return entry && entry.expiresAt > Date.now() ? entry.payload : undefined;
    };
    return {
      upsert: (id, payload, expiresIn) => {
        this.#sweep();
        const k = key(id);
        this.#entries.set(k, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
        if (payload.grantId) this.#grants.set(payload.grantId, (this.#grants.get(payload.grantId) ?? new Set()).add(k));
        if (payload.uid) this.#index.set(`uid:${payload.uid}`, k);
        if (payload.userCode) this.#index.set(`userCode:${payload.userCode}`, k);
        return Promise.resolve();
      },
      find: (id) => Promise.resolve(live(key(id))),
      findByUid: (uid) => Promise.resolve(live(this.#index.get(`uid:${uid}`) ?? '')),
      findByUserCode: (userCode) => Promise.resolve(live(this.#index.get(`userCode:${userCode}`) ?? '')),
      consume: (id) => {
        const payload = live(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
        return Promise.resolve();
      },
      destroy: (id) => {
        this.#entries.delete(key(id));
        return Promise.resolve();
      },
      revokeByGrantId: (grantId) => {
        for (const k of this.#grants.get(grantId) ?? []) this.#entries.delete(k);
        this.#grants.delete(grantId);
        return Promise.resolve();
      },
    };
  };
}
