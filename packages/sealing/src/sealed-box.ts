/**
 * Sealing: content readable only by its named recipients, whoever carries it.
 *
 * The content is encrypted once with a fresh 256-bit key (AES-256-GCM). That key is wrapped for each
 * recipient with a key-encryption key derived (HKDF-SHA256) from an X25519 exchange between a
 * one-time ephemeral key and the recipient's public key. The caller's context (who sends what, to
 * whom) is bound in as additional authenticated data, so a box cannot be moved to another context,
 * and any changed byte fails to open. Node's crypto only: no primitive is home-made.
 */
import { createCipheriv, createDecipheriv, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { Code, ConcordError } from '@concord/errors';
import { KeyKind, publicKeyFromText, publicKeyToText } from '@concord/identity';

export const sealAlgorithm = 'X25519-HKDF-SHA256/A256GCM';
const keyBytes = 32;
const nonceBytes = 12;
const tagBytes = 16;

const b64 = z.string().regex(/^[A-Za-z0-9_-]*$/);
export const sealedBoxSchema = z.strictObject({
  v: z.literal(1),
  alg: z.literal(sealAlgorithm),
  /** The ephemeral public key, in the manifest's text form. */
  epk: z.string().startsWith('x25519:'),
  /** nonce ‖ ciphertext ‖ tag of the content, base64url. */
  content: b64,
  /** For each recipient: nonce ‖ wrapped content key ‖ tag, base64url. */
  recipients: z.array(z.strictObject({ agency: z.string().min(1).max(32), key: b64 })).min(1).max(256),
});
export type SealedBox = z.infer<typeof sealedBoxSchema>;

export interface SealRecipient {
  readonly agency: string;
  /** The recipient's X25519 public key, as a key or in the manifest's text form. */
  readonly publicKey: KeyObject | string;
}

function gcmEncrypt(key: Buffer, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  const nonce = randomBytes(nonceBytes);
  const cipher = createCipheriv('aes-256-gcm', key, nonce).setAAD(aad);
  return Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function gcmDecrypt(key: Buffer, sealed: Buffer, aad: Uint8Array): Buffer {
  if (sealed.length < nonceBytes + tagBytes) throw new Error('too short');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, nonceBytes)).setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
  return Buffer.concat([decipher.update(sealed.subarray(nonceBytes, sealed.length - tagBytes)), decipher.final()]);
}

/** The key that wraps the content key for one recipient, bound to both public keys and its id. */
function keyEncryptionKey(shared: Buffer, epk: string, recipientKey: string, agency: string): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.from(`${epk}|${recipientKey}`), Buffer.from(`concord/v1/seal/kek|${agency}`), keyBytes));
}

const wrapAad = (aad: Uint8Array, agency: string) => Buffer.concat([Buffer.from(`${agency}\0`), aad]);

/** Parsing a key from text costs more than using it: each distinct text is parsed once. */
const parsedKeys = new Map<string, KeyObject>();
function keyFromText(text: string): KeyObject {
  let key = parsedKeys.get(text);
  if (!key) {
    key = publicKeyFromText(text, KeyKind.Encryption);
    parsedKeys.set(text, key);
  }
  return key;
}

/** The text of our own public key, derived once per private key. */
const ownKeyTexts = new WeakMap<KeyObject, string>();
function ownKeyText(privateKey: KeyObject): string {
  let text = ownKeyTexts.get(privateKey);
  if (!text) {
    text = publicKeyToText(createPublicKey(privateKey), KeyKind.Encryption);
    ownKeyTexts.set(privateKey, text);
  }
  return text;
}

export function seal(plaintext: Uint8Array, recipients: readonly SealRecipient[], aad: Uint8Array): SealedBox {
  if (recipients.length === 0) throw new ConcordError(Code.InvalidArgument, 'a sealed box needs at least one recipient');
  const contentKey = randomBytes(keyBytes);
  const ephemeral = generateKeyPairSync('x25519');
  const epk = publicKeyToText(ephemeral.publicKey, KeyKind.Encryption);
  const wrapped = [...new Map(recipients.map((r) => [r.agency, r])).values()].map(({ agency, publicKey }) => {
    const recipientKey = typeof publicKey === 'string' ? keyFromText(publicKey) : publicKey;
    const recipientText = typeof publicKey === 'string' ? publicKey : publicKeyToText(publicKey, KeyKind.Encryption);
    const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipientKey });
    const kek = keyEncryptionKey(shared, epk, recipientText, agency);
    return { agency, key: gcmEncrypt(kek, contentKey, wrapAad(aad, agency)).toString('base64url') };
  });
  return { v: 1, alg: sealAlgorithm, epk, content: gcmEncrypt(contentKey, plaintext, aad).toString('base64url'), recipients: wrapped };
}

/** Opens a box addressed to `agency`; a box not for it, altered, or in another context does not open. */
export function open(box: SealedBox, recipient: { readonly agency: string; readonly privateKey: KeyObject }, aad: Uint8Array): Buffer {
  const entry = box.recipients.find((r) => r.agency === recipient.agency);
  if (!entry) throw new ConcordError(Code.PermissionDenied, `the box is not sealed for ${recipient.agency}`);
  try {
    // The ephemeral key is new in every box: parsed here, never cached.
    const shared = diffieHellman({ privateKey: recipient.privateKey, publicKey: publicKeyFromText(box.epk, KeyKind.Encryption) });
    const ownKey = ownKeyText(recipient.privateKey);
    const contentKey = gcmDecrypt(keyEncryptionKey(shared, box.epk, ownKey, recipient.agency), Buffer.from(entry.key, 'base64url'), wrapAad(aad, recipient.agency));
    return gcmDecrypt(contentKey, Buffer.from(box.content, 'base64url'), aad);
  } catch (error) {
    throw new ConcordError(Code.InvalidArgument, 'the box does not open: altered, or sealed for another context or key', { cause: error });
  }
}
