/**
 * Signed-in people of the console, kept in this process's memory only: the browser holds a random
 * session id in a `__Host-` cookie, never a token. Sign-ins in progress (state, PKCE verifier, where
 * to return) are kept the same way for a few minutes.
 */
import { randomBytes } from 'node:crypto';

export interface ConsoleSession {
  readonly id: string;
  accessToken: string;
  refreshToken: string | undefined;
  /** When the access token expires (ms since epoch). */
  accessExpiresAt: number;
  readonly idToken: string | undefined;
  readonly username: string;
  readonly name: string;
  /** The sign-in's end: refresh tokens cannot outlive it (ms since epoch). */
  readonly endsAt: number;
}

export interface PendingSignIn {
  readonly state: string;
  readonly codeVerifier: string;
  readonly returnTo: string;
  readonly expiresAt: number;
}

export const sessionIdPattern = /^[A-Za-z0-9_-]{43}$/;
const newId = () => randomBytes(32).toString('base64url');
const pendingMs = 10 * 60_000;
const maxPending = 10_000;

export class SessionStore {
  readonly #sessions = new Map<string, ConsoleSession>();
  readonly #pending = new Map<string, PendingSignIn>();

  constructor(private readonly now: () => number = Date.now) {}

  create(fields: Omit<ConsoleSession, 'id'>): ConsoleSession {
    const now = this.now();
    for (const [id, old] of this.#sessions) if (old.endsAt <= now) this.#sessions.delete(id);
    const session = { ...fields, id: newId() };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, if any; an ended one is forgotten. */
  get(id: string | undefined): ConsoleSession | undefined {
    if (!id || !sessionIdPattern.test(id)) return undefined;
    const session = this.#sessions.get(id);
    if (session && session.endsAt <= this.now()) {
      this.#sessions.delete(id);
      return undefined;
    }
    return session;
  }

  delete(id: string): void {
    this.#sessions.delete(id);
  }

  beginSignIn(fields: Omit<PendingSignIn, 'state' | 'expiresAt'>): PendingSignIn {
    this.#sweepPending();
    const pending = { ...fields, state: newId(), expiresAt: this.now() + pendingMs };
    this.#pending.set(pending.state, pending);
    return pending;
  }

  /** The sign-in this state began, once: a replayed or stale callback finds nothing. */
  finishSignIn(state: string): PendingSignIn | undefined {
    const pending = this.#pending.get(state);
    this.#pending.delete(state);
    return pending && pending.expiresAt > this.now() ? pending : undefined;
  }

  #sweepPending(): void {
    const now = this.now();
    for (const [state, pending] of this.#pending) if (pending.expiresAt <= now) this.#pending.delete(state);
    // Abandoned sign-ins cannot grow memory without bound: the oldest go first.
    while (this.#pending.size >= maxPending) this.#pending.delete(this.#pending.keys().next().value!);
  }
}
