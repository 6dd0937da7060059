/**
 * Blind deconfliction: agencies learn that they registered the same target (or the same place in
 * overlapping windows) without anyone seeing an identifier that does not match.
 *
 * Each agency sends every other participant, sealed to it, keyed tokens of its registrations; each
 * compares the tokens it receives with the tokens it expects for its own registrations. A token is
 * HMAC-SHA256 under a key only that pair of agencies can derive (the operation's key, which only
 * participants hold, mixed with the pair's own X25519 exchange), over the sender's id and the
 * normalised identifier. So:
 *  - the hub and non-participants see sealed boxes only, and never the operation key;
 *  - a third participant cannot compare A's tokens with B's: their keys differ;
 *  - a peer cannot replay your token as its own: its tokens carry its own id.
 * Identifiers are deterministic and some spaces are small (IMO numbers): a participant holding the
 * operation key can test guesses against the tokens sent to it. Participants are trusted that far.
 */
import { createHmac, diffieHellman, hkdfSync, type KeyObject } from 'node:crypto';
import { publicKeyFromText } from '@concord/identity';
import type { IdentifierKind } from '@concord/identifiers';
import { matchScopeOf } from '@concord/identifiers';
import type { Period } from './operation.js';

/** One of this agency's registrations (private: the value never leaves it). */
export interface Registration {
  readonly ref: string;
  readonly operationId: string;
  readonly actionId: string;
  readonly kind: IdentifierKind;
  readonly value: string;
  /** For places: the action's window. */
  readonly window?: Period;
  readonly contact: string;
}

/** A token another agency sent, as received. */
export interface TokenEntry {
  readonly ref: string;
  readonly token: string;
  readonly scope: 'target' | 'place';
  readonly window?: Period;
}

export function pairKey(operationKey: Buffer, operationId: string, me: { agency: string; encryptionKey: KeyObject }, peer: { agency: string; encryptionKey: string }): Buffer {
  const shared = diffieHellman({ privateKey: me.encryptionKey, publicKey: publicKeyFromText(peer.encryptionKey, 'x25519') });
  const pair = [me.agency, peer.agency].sort().join('|');
  return Buffer.from(hkdfSync('sha256', Buffer.concat([operationKey, shared]), Buffer.from(operationId), Buffer.from(`concord/v1/deconfliction/pair|${pair}`), 32));
}

/** The token `from` sends for an identifier, under the pair's key. */
export function token(key: Buffer, from: string, kind: IdentifierKind, value: string): string {
  return createHmac('sha256', key).update(`${from}\0${kind}\0${value}`).digest('base64url');
}

const overlaps = (a: Period, b: Period) => a.start < b.end && b.start < a.end;

export interface Match {
  readonly myRef: string;
  readonly theirRef: string;
}

/**
 * Which received tokens match which registrations. `expected(registration)` is the token the peer
 * would have sent for the same identifier.
 */
export function findMatches(registrations: readonly Registration[], received: readonly TokenEntry[], expected: (registration: Registration) => string): Match[] {
  const byToken = new Map<string, Registration[]>();
  for (const registration of registrations) {
    const key = expected(registration);
    byToken.set(key, [...(byToken.get(key) ?? []), registration]);
  }
  return received.flatMap((entry) =>
    (byToken.get(entry.token) ?? [])
      .filter((registration) => matchScopeOf(registration.kind) === entry.scope)
      .filter((registration) => entry.scope !== 'place' || (registration.window && entry.window && overlaps(registration.window, entry.window)))
      .map((registration) => ({ myRef: registration.ref, theirRef: entry.ref })),
  );
}
