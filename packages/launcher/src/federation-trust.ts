/**
 * Each party's keys and certificates for a local federation, created once and kept: every agency's
 * identity keys and TLS material (CA, server certificate, leaf identity), and the hub's leaf-port
 * identity. The manifest is completed with their public halves only; a manifest that already lists a
 * key or certificate other than the one on disk is refused, for the manifest is what others trust.
 */
import { Code, ConcordError } from '@concord/errors';
import { initAgencyIdentity } from '@concord/identity';
import type { Manifest, TrustedAgency, TrustedManifest } from '@concord/manifest';
import { ensureAgencyTls, ensureHubTls, sameCertificate, type AgencyTls, type KeptCertificate } from '@concord/pki';
import type { FederationPaths } from './federation-paths.js';

export interface FederationTrust {
  /** The manifest with every public key and certificate filled in: what `federation.json` holds. */
  readonly trust: TrustedManifest & Manifest;
  readonly agencyTls: ReadonlyMap<string, AgencyTls>;
  readonly hubTls: KeptCertificate;
}

function refuseOther(listed: string | undefined, kept: KeptCertificate, what: string): void {
  if (listed !== undefined && !sameCertificate(listed, kept.certPem)) {
    throw new ConcordError(Code.FailedPrecondition, `the manifest lists another ${what} than the one in ${kept.certPath}`);
  }
}

export async function ensureFederationTrust(manifest: Manifest, paths: FederationPaths, listenHost: string): Promise<FederationTrust> {
  // Certificates also name the hosts of the manifest's addresses, so a rendered site bundle can use them.
  const hubHosts = (manifest.hub.cluster?.nodes ?? []).flatMap((node) => [node.client, node.leaf, node.route].map((url) => new URL(url).hostname.replace(/^\[|\]$/g, '')));
  const { server: hubTls } = await ensureHubTls(paths.hub.tlsDir, { name: manifest.hub.name, listenHost, siteHosts: hubHosts });
  refuseOther(manifest.hub.certificate, hubTls, 'certificate for the hub');
  const agencies: TrustedAgency[] = [];
  const agencyTls = new Map<string, AgencyTls>();
  for (const agency of manifest.agencies) {
    const dirs = paths.agency(agency.id);
    const { identity } = await initAgencyIdentity(dirs.keysDir);
    if (agency.keys && (agency.keys.signing !== identity.publicKeys.signing || agency.keys.encryption !== identity.publicKeys.encryption)) {
      throw new ConcordError(Code.FailedPrecondition, `the manifest lists other public keys for ${agency.id} than the keys in ${dirs.keysDir}`);
    }
    const tls = await ensureAgencyTls(dirs.tlsDir, { agency: agency.id, listenHost, siteHosts: agency.site?.nodes.map((node) => node.host) ?? [] });
    refuseOther(agency.leafCertificate, tls.leaf, `leaf certificate for ${agency.id}`);
    agencyTls.set(agency.id, tls);
    agencies.push({ ...agency, keys: identity.publicKeys, leafCertificate: tls.leaf.certPem });
  }
  return { trust: { ...manifest, hub: { ...manifest.hub, certificate: hubTls.certPem }, agencies }, agencyTls, hubTls };
}
