/**
 * A key and certificate kept in a directory: the key is made once and kept; the certificate is issued
 * again (for the same key, so its SPKI pin stays) when it is missing, near its end, no longer issued by
 * the given issuer, or does not name the subject or every host asked for.
 */
import { generateEcKeyPair, privateKeyPem } from './ec-key.js';
import { inspectCertificate, isIssuedBy, pinOf } from './certificate-info.js';
import { certificatePaths, ensurePrivateDir, readCertificate, readPrivateKey, writeCertificate, writePrivateKey, type CertificatePaths } from './certificate-files.js';
import { issueCertificate, type CertificateRequest, type KeyAndCertificate } from './certificates.js';

export interface KeptCertificate extends KeyAndCertificate, CertificatePaths {
  /** What this call did: made a new key (and certificate), issued a new certificate, or kept both. */
  readonly outcome: 'created' | 'renewed' | 'kept';
}

/** Certificates closer to their end than this are issued again. */
export const renewWithinDays = 30;

function stillGood(certPem: string, keyPem: string, request: Omit<CertificateRequest, 'keyPem'>, now: Date): boolean {
  try {
    const info = inspectCertificate(certPem);
    return (
      (request.issuer ? isIssuedBy(certPem, request.issuer.certPem) : info.selfSigned) &&
      info.pin === pinOf(keyPem) &&
      info.subject === request.subject &&
      (request.hosts ?? []).every((host) => info.hosts.includes(host)) &&
      info.notAfter.getTime() - now.getTime() > renewWithinDays * 86_400_000
    );
  } catch {
    return false;
  }
}

export async function ensureCertificate(dir: string, name: string, request: Omit<CertificateRequest, 'keyPem'>): Promise<KeptCertificate> {
  const paths = certificatePaths(dir, name);
  await ensurePrivateDir(dir);
  let keyPem = await readPrivateKey(paths.keyPath);
  const created = keyPem === undefined;
  if (keyPem === undefined) {
    keyPem = privateKeyPem((await generateEcKeyPair()).privateKey);
    await writePrivateKey(paths.keyPath, keyPem);
  }
  const existing = created ? undefined : await readCertificate(paths.certPath);
  if (existing !== undefined && stillGood(existing, keyPem, request, request.now ?? new Date())) {
    return { ...paths, keyPem, certPem: existing, outcome: 'kept' };
  }
  const certPem = await issueCertificate({ ...request, keyPem });
  await writeCertificate(paths.certPath, certPem);
  return { ...paths, keyPem, certPem, outcome: created ? 'created' : 'renewed' };
}
