/**
 * What an agency and the hub keep under their `tls/` directories, made at first start and kept:
 *
 * - agency: `ca` (its own certificate authority), `server` (issued by that CA for the agency's hosts;
 *   every gRPC server and the agency's NATS client port present it), `leaf` (self-signed, not a CA:
 *   the identity its leaf link presents to the hub, listed in the manifest).
 * - hub: `server` (self-signed, not a CA: what its leaf port presents, listed in the manifest).
 * - in a cluster, `route`: what each node presents to the others on cluster routes, both as server and
 *   as client; the agency's is issued by its CA, the hub's is self-signed and trusted as itself.
 *
 * Each `.key` is owner-only and never leaves its party; each `.crt` is public.
 */
import { isIP } from 'node:net';
import { ensureCertificate, type KeptCertificate } from './ensure-certificate.js';

/** The subject of an agency's leaf certificate, which the hub maps to the agency's account. */
export const leafSubject = (agency: string) => `CN=${agency} leaf,O=Concord`;

/** The hosts a server certificate names: the listen host (unless a wildcard), loopback by address and by name. */
export function serverHosts(listenHost: string): string[] {
  const wildcard = listenHost === '0.0.0.0' || listenHost === '::' || listenHost === '';
  return [...new Set([...(wildcard ? [] : [listenHost]), '127.0.0.1', 'localhost'])].filter((host) => isIP(host) !== 0 || /^[A-Za-z0-9.-]+$/.test(host));
}

export interface AgencyTls {
  readonly ca: KeptCertificate;
  readonly server: KeptCertificate;
  readonly leaf: KeptCertificate;
}

/** The listen host's names, and the hosts of a site beyond this machine (the manifest's addresses). */
const hostsOf = (options: { listenHost: string; siteHosts?: readonly string[] }) => [...new Set([...serverHosts(options.listenHost), ...(options.siteHosts ?? [])])];

export async function ensureAgencyTls(dir: string, options: { agency: string; listenHost: string; siteHosts?: readonly string[]; now?: Date }): Promise<AgencyTls> {
  const now = options.now ?? new Date();
  const ca = await ensureCertificate(dir, 'ca', { subject: `CN=${options.agency} certificate authority,O=Concord`, profile: 'ca', days: 3_650, now });
  const server = await ensureCertificate(dir, 'server', { subject: `CN=${options.agency} services,O=Concord`, profile: 'server', issuer: ca, hosts: hostsOf(options), days: 365, now });
  const leaf = await ensureLeafIdentity(dir, options.agency, now);
  return { ca, server, leaf };
}

/** The agency's leaf identity alone: what it sends for the manifest. */
export function ensureLeafIdentity(dir: string, agency: string, now = new Date()): Promise<KeptCertificate> {
  return ensureCertificate(dir, 'leaf', { subject: leafSubject(agency), profile: 'client', days: 1_825, now });
}

export async function ensureHubTls(dir: string, options: { name: string; listenHost: string; siteHosts?: readonly string[]; now?: Date }): Promise<{ readonly server: KeptCertificate }> {
  const server = await ensureCertificate(dir, 'server', { subject: `CN=${options.name} leaf port,O=Concord`, profile: 'server', hosts: hostsOf(options), days: 1_825, now: options.now ?? new Date() });
  return { server };
}

/** An agency's route identity for its cluster, issued by its CA for every host of its site. */
export function ensureAgencyRouteTls(dir: string, options: { agency: string; ca: KeptCertificate; hosts: readonly string[]; now?: Date }): Promise<KeptCertificate> {
  return ensureCertificate(dir, 'route', { subject: `CN=${options.agency} cluster routes,O=Concord`, profile: 'peer', issuer: options.ca, hosts: options.hosts, days: 365, now: options.now ?? new Date() });
}

/** The hub's route identity for its cluster: self-signed, for every hub host; its nodes trust it alone. */
export function ensureHubRouteTls(dir: string, options: { name: string; hosts: readonly string[]; now?: Date }): Promise<KeptCertificate> {
  return ensureCertificate(dir, 'route', { subject: `CN=${options.name} cluster routes,O=Concord`, profile: 'peer', hosts: options.hosts, days: 1_825, now: options.now ?? new Date() });
}
