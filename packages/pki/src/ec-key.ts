/** ECDSA P-256 key pairs: made with WebCrypto, kept as PKCS#8 PEM, read back for signing. */
import { createPrivateKey, KeyObject, webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
import { ecdsaP256 } from './x509.js';

export function generateEcKeyPair(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ecdsaP256, true, ['sign', 'verify']);
}

export function privateKeyPem(key: CryptoKey): string {
  return KeyObject.from(key).export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** The key pair behind a PEM private key; the public half is derived from it. */
export async function keyPairFromPem(pem: string): Promise<CryptoKeyPair> {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new TypeError('not an ECDSA P-256 private key');
  }
  const jwk = privateKey.export({ format: 'jwk' });
  const { d: _d, ...publicJwk } = jwk;
  return {
    privateKey: await webcrypto.subtle.importKey('jwk', jwk, ecdsaP256, true, ['sign']),
    publicKey: await webcrypto.subtle.importKey('jwk', publicJwk, ecdsaP256, true, ['verify']),
  };
}
