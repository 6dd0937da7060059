/**
 * The person behind a call, as a verified token names them, and where code running for that call
 * finds them: the guard runs each handler inside the caller's context, so an audit entry or a
 * need-to-know check deep in a service reads `currentCaller()` without threading it through.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from './roles.js';

export interface Caller {
  readonly agency: string;
  /** The token's `sub`: stable, what audit logs record. */
  readonly subject: string;
  /** The name the person signs in with (`preferred_username`), or the subject when the token has none. */
  readonly username: string;
  /** Display name, or the username when the token has none. */
  readonly name: string;
  readonly roles: ReadonlySet<Role>;
  readonly issuer: string;
  readonly expiresAt: Date;
}

const store = new AsyncLocalStorage<Caller>();

export function runAsCaller<T>(caller: Caller, work: () => T): T {
  return store.run(caller, work);
}

/** The caller of the RPC being served, or undefined outside one (a delivery from a peer, a timer). */
export function currentCaller(): Caller | undefined {
  return store.getStore();
}

/** The caller as an audit entry records them. */
export function auditUserOf(caller: Caller | undefined): { subject: string; name: string } | undefined {
  return caller ? { subject: caller.subject, name: caller.name } : undefined;
}
