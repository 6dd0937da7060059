/**
 * What the federation manifest accepts as public TLS material. An agency's leaf certificate must be
 * self-signed, name the agency (`CN=<ID> leaf,O=Concord`: the hub maps that subject to the agency's
 * account) and be unable to sign another certificate, or its owner could mint certificates the hub
 * would trust for another agency's subject. Each answer is a problem in words, or undefined.
 */
import { inspectCertificate, type CertificateInfo } from './certificate-info.js';
import { leafSubject } from './tls-layout.js';

function parsed(pem: string): CertificateInfo | string {
  try {
    return inspectCertificate(pem);
  } catch (error) {
    return (error as Error).message;
  }
}

function expiry(info: CertificateInfo, now: Date): string | undefined {
  return info.notAfter.getTime() <= now.getTime() ? `expired on ${info.notAfter.toISOString()}` : undefined;
}

export function leafCertificateProblem(pem: string, agency: string, now = new Date()): string | undefined {
  const info = parsed(pem);
  if (typeof info === 'string') return info;
  if (info.subject !== leafSubject(agency)) return `must have the subject ${leafSubject(agency)}, not ${info.subject}`;
  if (!info.hasBasicConstraints || info.canIssue) return 'must not be able to sign certificates (basicConstraints CA:false, no keyCertSign)';
  if (!info.selfSigned) return 'must be self-signed';
  return expiry(info, now);
}

export function hubCertificateProblem(pem: string, now = new Date()): string | undefined {
  const info = parsed(pem);
  if (typeof info === 'string') return info;
  return expiry(info, now);
}
