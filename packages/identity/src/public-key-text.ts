/**
 * The text form of public keys in the federation manifest: `ed25519:<base64url of 32 raw bytes>`
 * and `x25519:<...>`. Raw bytes travel inside a JWK, the one raw-key import Node's crypto offers.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';

export const KeyKind = { Signing: 'ed25519', Encryption: 'x25519' } as const;
export type KeyKind = (typeof KeyKind)[keyof typeof KeyKind];

const curveOf = { ed25519: 'Ed25519', x25519: 'X25519' } as const satisfies Record<KeyKind, string>;
const base64url32 = /^[A-Za-z0-9_-]{43}$/;

/** The key a text names, or why it is unusable: imported once, as the check and the use are one step. */
function readPublicKeyText(text: string, kind: KeyKind): KeyObject | string {
  const prefix = `${kind}:`;
  if (!text.startsWith(prefix)) return `must start with "${prefix}"`;
  const body = text.slice(prefix.length);
  if (!base64url32.test(body)) return 'must be 32 bytes in base64url (43 characters)';
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: curveOf[kind], x: body }, format: 'jwk' });
  } catch {
    return `is not a valid ${kind} public key`;
  }
}

/** Why a key text is unusable, or undefined when it is fine. */
export function publicKeyTextProblem(text: string, kind: KeyKind): string | undefined {
  const read = readPublicKeyText(text, kind);
  return typeof read === 'string' ? read : undefined;
}

/**
 * The key a text names. From JWK: on Node 20 importing the same 32 bytes as DER (SPKI) costs about ten
 * times as much (85 against 7 us of CPU, measured 2026-12-01).
 */
export function publicKeyFromText(text: string, kind: KeyKind): KeyObject {
  const read = readPublicKeyText(text, kind);
  if (typeof read === 'string') throw new TypeError(`${kind} public key ${read}`);
  return read;
}

export function publicKeyToText(key: KeyObject, kind: KeyKind): string {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== curveOf[kind] || typeof jwk.x !== 'string') throw new TypeError(`not an ${kind} key`);
  return `${kind}:${jwk.x}`;
}
