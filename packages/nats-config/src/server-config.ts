/**
 * nats-server configurations generated from the manifest; nothing about membership is typed twice.
 *
 * Agency server: an INTERNAL account (its services, its JetStream domain and store, every private
 * subject) and a FEDERATION account, the only one bound to the leaf link. INTERNAL exports to
 * FEDERATION exactly the deliveries addressed to this agency and imports from it exactly the
 * deliveries this agency sends, so nothing else (private subjects, the JetStream API, stores) can
 * cross the link, whatever the hub or another agency asks for.
 *
 * Hub: one account per agency, to which the agency's leaf link is mapped by its pinned certificate
 * (mutual TLS; no password). Account <to> exports `jpa.<to>.<from>.>` to account <from> alone, which
 * imports it: an agency can only send as itself and only receive what is addressed to it. The hub
 * runs no JetStream and holds no data, and its configuration holds no agency's secret.
 *
 * Agency client ports speak TLS with the agency's server certificate; monitoring stays HTTP.
 *
 * Output is JSON, which nats-server reads as configuration; JSON quoting keeps `$` in hashes literal.
 */
import { FederationSubjects } from '@concord/federation';
import type { Manifest } from '@concord/manifest';
import { leafTrustOf } from './leaf-trust.js';

export const AgencyAccount = { Internal: 'INTERNAL', Federation: 'FEDERATION' } as const;

export interface NatsUser {
  readonly user: string;
  readonly passwordHash: string;
}

/** A certificate and its key, as files. */
export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

export interface AgencyServerPlan {
  readonly agency: string;
  readonly host: string;
  readonly clientPort: number;
  readonly monitorPort: number;
  readonly storeDir: string;
  /** What the client port presents: the server certificate from the agency's CA. */
  readonly serverTls: TlsFiles;
  /** Where the hub listens for leaf connections, host:port. */
  readonly hubLeafAddress: string;
  /** The agency's leaf identity, and the file holding the hub's certificate from the manifest. */
  readonly leafTls: TlsFiles & { readonly hubCertificateFile: string };
  readonly serviceUsers: readonly NatsUser[];
  /** Ask the server to fsync every write; only servers from 2.10 accept the option. */
  readonly syncAlways: boolean;
}

export interface HubServerPlan {
  readonly name: string;
  readonly host: string;
  readonly clientPort: number;
  readonly leafPort: number;
  readonly monitorPort: number;
  /** The hub's leaf-port identity, and the file holding every agency's leaf certificate (`leafTrustOf(manifest).bundle`). */
  readonly leafTls: TlsFiles & { readonly agencyCertificatesFile: string };
  /** Extra users per hub account that may subscribe there; for tests that watch the hub. */
  readonly observers?: ReadonlyMap<string, NatsUser>;
}

const peersOf = (manifest: Manifest, agency: string) => manifest.agencies.map((a) => a.id).filter((id) => id !== agency);

const userEntry = (u: NatsUser) => ({ user: u.user, password: u.passwordHash });

/** The agency's one leaf remote, bound to its federation account; with several hub URLs it fails over between them. */
export function agencyLeafRemote(urls: readonly string[], tls: AgencyServerPlan['leafTls']): Record<string, unknown> {
  return {
    ...(urls.length === 1 ? { url: urls[0] } : { urls }),
    account: AgencyAccount.Federation,
    tls: { cert_file: tls.certFile, key_file: tls.keyFile, ca_file: tls.hubCertificateFile },
  };
}

export function agencyServerConfig(manifest: Manifest, plan: AgencyServerPlan): Record<string, unknown> {
  const { agency } = plan;
  const outbound = peersOf(manifest, agency).map((peer) => FederationSubjects.pair(peer, agency));
  const inbound = FederationSubjects.addressedTo(agency);
  return {
    server_name: `concord-${agency.toLowerCase()}`,
    listen: `${plan.host}:${plan.clientPort}`,
    http: `${plan.host}:${plan.monitorPort}`,
    tls: { cert_file: plan.serverTls.certFile, key_file: plan.serverTls.keyFile },
    jetstream: {
      store_dir: plan.storeDir,
      domain: agency,
      ...(plan.syncAlways ? { sync_interval: 'always' } : {}),
    },
    accounts: {
      [AgencyAccount.Internal]: {
        jetstream: 'enabled',
        users: plan.serviceUsers.map(userEntry),
        exports: [{ service: inbound, accounts: [AgencyAccount.Federation] }],
        imports: outbound.map((subject) => ({ service: { account: AgencyAccount.Federation, subject } })),
      },
      [AgencyAccount.Federation]: {
        // Nobody logs in here; the leaf link is bound to it.
        users: [],
        exports: outbound.map((subject) => ({ service: subject, accounts: [AgencyAccount.Internal] })),
        imports: [{ service: { account: AgencyAccount.Internal, subject: inbound } }],
      },
    },
    leafnodes: {
      reconnect: 1,
      remotes: [agencyLeafRemote([`nats-leaf://${plan.hubLeafAddress}`], plan.leafTls)],
    },
  };
}

export function hubServerConfig(manifest: Manifest, plan: HubServerPlan): Record<string, unknown> {
  const trust = leafTrustOf(manifest);
  const accounts: Record<string, unknown> = {};
  for (const { id } of manifest.agencies) {
    const observer = plan.observers?.get(id);
    const peers = peersOf(manifest, id);
    accounts[id] = {
      // The agency's leaf link is mapped here by its certificate (leafnodes.authorization below).
      users: observer ? [userEntry(observer)] : [],
      exports: peers.map((from) => ({ service: FederationSubjects.pair(id, from), accounts: [from] })),
      imports: peers.map((to) => ({ service: { account: to, subject: FederationSubjects.pair(to, id) } })),
    };
  }
  return {
    server_name: `concord-${plan.name}`,
    listen: `${plan.host}:${plan.clientPort}`,
    http: `${plan.host}:${plan.monitorPort}`,
    leafnodes: {
      listen: `${plan.host}:${plan.leafPort}`,
      no_advertise: true,
      tls: {
        cert_file: plan.leafTls.certFile,
        key_file: plan.leafTls.keyFile,
        ca_file: plan.leafTls.agencyCertificatesFile,
        verify_and_map: true,
        pinned_certs: trust.pins,
      },
      authorization: { users: trust.users },
    },
    accounts,
  };
}

export function renderConfig(config: Record<string, unknown>, header: string): string {
  const comment = header
    .split('\n')
    .map((line) => `# ${line}`.trimEnd())
    .join('\n');
  return `${comment}\n${JSON.stringify(config, null, 2)}\n`;
}
