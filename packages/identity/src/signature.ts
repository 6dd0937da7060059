/**
 * Ed25519 signatures with a context label, so a signature made for one kind of message (an event,
 * later a receipt) can never be replayed as another.
 */
import { sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';

export const SignatureContext = { Event: 'concord/v1/event' } as const;
export type SignatureContext = (typeof SignatureContext)[keyof typeof SignatureContext];

function labelled(context: SignatureContext, data: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${context}\0`), data]);
}

export function signBytes(context: SignatureContext, data: Uint8Array, key: KeyObject): string {
  return edSign(null, labelled(context, data), key).toString('base64url');
}

export function verifyBytes(context: SignatureContext, data: Uint8Array, signature: string, key: KeyObject): boolean {
  const raw = Buffer.from(signature, 'base64url');
  if (raw.length !== 64) return false;
  return edVerify(null, labelled(context, data), key, raw);
}
