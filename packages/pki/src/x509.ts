/**
 * @peculiar/x509, ready to use: its dependency injection needs the Reflect metadata polyfill loaded
 * first, and it signs with Node's own WebCrypto. Every module of this package imports it from here.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

export { x509 };

/** ECDSA over P-256 with SHA-256: what every Concord key and certificate uses. */
export const ecdsaP256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
