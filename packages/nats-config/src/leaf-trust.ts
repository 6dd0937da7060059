/**
 * The public material the leaf links stand on, all from the manifest. The hub trusts exactly the
 * agencies' own self-signed, non-CA leaf certificates (no CA: a CA could issue a certificate for its
 * holder's key with another agency's subject), pins each one's key, and maps each subject to its
 * agency's account. Agencies trust exactly the hub's certificate. No secret is involved.
 */
import { Code, ConcordError } from '@concord/errors';
import type { Agency, Manifest } from '@concord/manifest';
import { inspectCertificate } from '@concord/pki';

export interface LeafTrust {
  /** Every agency's leaf certificate, concatenated: the hub's `ca_file`. */
  readonly bundle: string;
  /** Hex SHA-256 of each certificate's SubjectPublicKeyInfo: the hub's `pinned_certs`. */
  readonly pins: readonly string[];
  /** Each certificate's subject and the account it is mapped to. */
  readonly users: ReadonlyArray<{ readonly user: string; readonly account: string }>;
}

/** The parts of a manifest, plain or trusted, that hold certificates. */
type Certified = { readonly hub: Manifest['hub']; readonly agencies: readonly Agency[] };

export function leafTrustOf(manifest: Certified): LeafTrust {
  const missing = manifest.agencies.filter((agency) => agency.leafCertificate === undefined).map((agency) => agency.id);
  if (missing.length > 0) {
    throw new ConcordError(Code.FailedPrecondition, `the manifest lists no leaf certificate for ${missing.join(', ')}; the hub cannot let them connect`);
  }
  const certificates = manifest.agencies.map((agency) => ({ id: agency.id, info: inspectCertificate(agency.leafCertificate!) }));
  return {
    bundle: certificates.map(({ info }) => info.pem).join(''),
    pins: certificates.map(({ info }) => info.pin),
    users: certificates.map(({ id, info }) => ({ user: info.subject, account: id })),
  };
}

/** The hub's certificate, which every agency's leaf link trusts for the hub. */
export function hubCertificateOf(manifest: Certified): string {
  if (manifest.hub.certificate === undefined) {
    throw new ConcordError(Code.FailedPrecondition, "the manifest lists no certificate for the hub; agencies cannot check whom their leaf link reaches");
  }
  return inspectCertificate(manifest.hub.certificate).pem;
}
