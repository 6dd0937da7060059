/**
 * What Concord needs to know about a certificate, read from its PEM: subject, SPKI pin, validity,
 * whether it may sign other certificates, whether it signed itself. Synchronous, so the manifest's
 * schema can check certificates while it validates.
 */
import { createHash, createPublicKey, X509Certificate as NodeCertificate, type KeyObject } from 'node:crypto';
import { x509 } from './x509.js';

export interface CertificateInfo {
  /** The certificate as one PEM block. */
  readonly pem: string;
  /** The subject as nats-server maps it, for example `CN=AU leaf,O=Concord`. */
  readonly subject: string;
  /** Hex SHA-256 of the DER SubjectPublicKeyInfo: what nats-server's `pinned_certs` lists. */
  readonly pin: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** basicConstraints is present (so the certificate states whether it is a CA). */
  readonly hasBasicConstraints: boolean;
  /** It is a CA, or its key usage allows signing certificates: it could vouch for others. */
  readonly canIssue: boolean;
  /** Its issuer is its subject and its own key verifies its signature. */
  readonly selfSigned: boolean;
  /** IP and DNS names it is valid for. */
  readonly hosts: readonly string[];
}

const pemBlock = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----/g;

/**
 * Certificates already read, by PEM text. Every service of an agency process loads the manifest, whose
 * schema reads every agency's leaf certificate twice: with asn1js that was a large share of an agency
 * process's start-up, and grew with the number of agencies. Bounded: a manifest lists a few hundred.
 */
const inspected = new Map<string, CertificateInfo>();
const maxInspected = 1_000;

/** Parses exactly one PEM certificate (once per process); throws TypeError saying what is wrong otherwise. */
export function inspectCertificate(pem: string): CertificateInfo {
  let info = inspected.get(pem);
  if (!info) {
    info = parseCertificate(pem);
    if (inspected.size >= maxInspected) inspected.delete(inspected.keys().next().value!);
    inspected.set(pem, info);
  }
  // Dates are mutable: each caller gets its own.
  return { ...info, notBefore: new Date(info.notBefore), notAfter: new Date(info.notAfter) };
}

function parseCertificate(pem: string): CertificateInfo {
  const blocks = pem.match(pemBlock) ?? [];
  if (blocks.length !== 1) throw new TypeError(`must be one PEM certificate (found ${blocks.length})`);
  let parsed: x509.X509Certificate;
  let native: NodeCertificate;
  try {
    parsed = new x509.X509Certificate(blocks[0]);
    native = new NodeCertificate(blocks[0]);
  } catch {
    throw new TypeError('is not a valid X.509 certificate');
  }
  const constraints = parsed.getExtension(x509.BasicConstraintsExtension);
  const usage = parsed.getExtension(x509.KeyUsagesExtension);
  const names = parsed.getExtension(x509.SubjectAlternativeNameExtension);
  return {
    pem: `${parsed.toString('pem')}\n`,
    subject: subjectOf(parsed.subjectName),
    pin: pinOf(native.publicKey),
    notBefore: parsed.notBefore,
    notAfter: parsed.notAfter,
    hasBasicConstraints: constraints !== null,
    canIssue: constraints?.ca === true || (usage !== null && (usage.usages & x509.KeyUsageFlags.keyCertSign) !== 0),
    selfSigned: parsed.subject === parsed.issuer && native.verify(native.publicKey),
    hosts: (names?.names.items ?? []).filter((n) => n.type === 'ip' || n.type === 'dns').map((n) => n.value),
  };
}

/** Hex SHA-256 of a key's DER SubjectPublicKeyInfo; a private key gives its public half's. */
export function pinOf(key: KeyObject | string): string {
  const publicKey = typeof key === 'string' || key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** Whether `issuerPem` names and signed the certificate `certPem`. */
export function isIssuedBy(certPem: string, issuerPem: string): boolean {
  const certificate = new NodeCertificate(certPem);
  const issuer = new NodeCertificate(issuerPem);
  return certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey);
}

/** The SPKI pin of a PEM certificate. */
export function spkiPin(pem: string): string {
  return inspectCertificate(pem).pin;
}

/** Whether two PEM texts hold the same certificate, whatever their line breaks. */
export function sameCertificate(a: string, b: string): boolean {
  try {
    return new NodeCertificate(a).raw.equals(new NodeCertificate(b).raw);
  } catch {
    return false;
  }
}

/** RFC 4514 order (last RDN first), no spaces: the form nats-server compares with `verify_and_map` users. */
function subjectOf(name: x509.Name): string {
  return name
    .toJSON()
    .map((rdn) => Object.entries(rdn).map(([type, values]) => values.map((value) => `${type}=${value}`).join('+')).join('+'))
    .reverse()
    .join(',');
}
