/**
 * The Prometheus registry of one agency process (prom-client): the federation links' deliveries,
 * refusals and relay backlog per peer, read from the links when scraped; gRPC calls by method and
 * code with their latency; audit log sync latency. Labels take only bounded values (manifest
 * agencies, table methods, status codes), so a hostile sender cannot grow the series.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LinkHealth, PeerHealth } from './link-health.js';

export interface PeerLinkStats {
  readonly deliveredIn: number;
  readonly deliveredOut: number;
  /** Refused inbound deliveries from the peer, by reason. */
  readonly refusals: Readonly<Record<string, number | undefined>>;
  readonly refusalsLastHour: number;
  /** Milliseconds since the epoch of the last delivery either way. */
  readonly lastDeliveryAt?: number;
  /** The relay to the peer is not holding events for it. */
  readonly connected: boolean;
}

/** What a service's federation link tells: counters per peer, and its relays' backlog. */
export interface LinkSource {
  stats(): { readonly peers: Readonly<Record<string, PeerLinkStats>> };
  pending(): Promise<Readonly<Record<string, number>>>;
}

type Labels = Record<string, string>;

const eventLoopSampleMs = 1_000;

export class AgencyMetrics {
  readonly registry = new Registry();
  readonly #links = new Map<string, LinkSource>();
  readonly #serving = new Map<string, () => boolean>();
  readonly #grpcCalls: Counter;
  readonly #grpcSeconds: Histogram;
  readonly #auditSync: Histogram;

  constructor(readonly agency: string) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ agency });
    // The event-loop lag histogram samples on a timer: prom-client's default of every 10 ms woke an idle
    // agency process 100 times a second, about 0.7% of a core each; once a second still shows lag.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: eventLoopSampleMs });
    const eachPeer = (read: (peer: PeerLinkStats) => number) => () => this.#eachPeer().map(([labels, peer]) => [labels, read(peer)] as const);
    this.#linkCounter('concord_federation_deliveries_in_total', 'Events received from a peer and stored', eachPeer((p) => p.deliveredIn));
    this.#linkCounter('concord_federation_deliveries_out_total', 'Events a peer confirmed it stored', eachPeer((p) => p.deliveredOut));
    this.#linkCounter(
      'concord_federation_refusals_total',
      'Inbound deliveries refused, by sender and reason',
      () => this.#eachPeer().flatMap(([labels, peer]) => Object.entries(peer.refusals).map(([reason, count]) => [{ ...labels, reason }, count ?? 0] as const)),
      ['reason'],
    );
    this.#linkGauge('concord_federation_refusals_last_hour', 'Inbound deliveries refused in the last hour', eachPeer((p) => p.refusalsLastHour));
    this.#linkGauge('concord_federation_peer_connected', '1 while the relay to the peer delivers, 0 while it holds events for it', eachPeer((p) => (p.connected ? 1 : 0)));
    this.#linkGauge('concord_federation_last_delivery_timestamp_seconds', 'When the last delivery either way happened', () =>
      this.#eachPeer().flatMap(([labels, peer]) => (peer.lastDeliveryAt === undefined ? [] : [[labels, peer.lastDeliveryAt / 1000] as const])),
    );
    const links = this.#links;
    new Gauge({
      name: 'concord_federation_relay_pending',
      help: 'Events of this agency its relay has not yet delivered to the peer',
      labelNames: ['capability', 'peer'],
      registers,
      async collect() {
        this.reset();
        for (const [capability, link] of links) {
          for (const [peer, count] of Object.entries(await link.pending())) this.set({ capability, peer }, count);
        }
      },
    });
    const labelNames = ['grpc_service', 'grpc_method', 'grpc_code'];
    this.#grpcCalls = new Counter({ name: 'concord_grpc_server_handled_total', help: 'gRPC calls answered, by method and status code', labelNames, registers });
    this.#grpcSeconds = new Histogram({
      name: 'concord_grpc_server_handling_seconds',
      help: 'Time from a call arriving to its answer (server streams: to the stream opening)',
      labelNames,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.#auditSync = new Histogram({
      name: 'concord_audit_fsync_seconds',
      help: 'Time to append and sync a batch of audit entries to disk',
      labelNames: ['service'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
  }

  /** A service's link, read on every scrape until removed. */
  addLink(capability: string, link: LinkSource): () => void {
    this.#links.set(capability, link);
    return () => void this.#links.delete(capability);
  }

  /** Whether a service serves (as its gRPC health says), read on every `/links` answer until removed. */
  addService(capability: string, serving: () => boolean): () => void {
    this.#serving.set(capability, serving);
    return () => void this.#serving.delete(capability);
  }

  /** One answered gRPC call; `path` is /package.Service/Method, `code` the gRPC status code's name. */
  grpcCall(path: string, code: string, seconds: number): void {
    const [, service = '', method = ''] = path.split('/');
    const labels = { grpc_service: service, grpc_method: method, grpc_code: code };
    this.#grpcCalls.inc(labels);
    this.#grpcSeconds.observe(labels, seconds);
  }

  auditSynced(service: string, seconds: number): void {
    this.#auditSync.observe({ service }, seconds);
  }

  /** Per peer, over every capability: connected only if every relay is, backlog and refusals summed. */
  async linkHealth(): Promise<LinkHealth> {
    const peers = new Map<string, PeerHealth & { lastAt?: number }>();
    for (const link of this.#links.values()) {
      const pending = await link.pending();
      for (const [peer, stats] of Object.entries(link.stats().peers)) {
        const row = peers.get(peer) ?? { peer, connected: true, pending: 0, refusalsLastHour: 0 };
        row.connected &&= stats.connected;
        row.pending += pending[peer] ?? 0;
        row.refusalsLastHour += stats.refusalsLastHour;
        if (stats.lastDeliveryAt !== undefined && stats.lastDeliveryAt > (row.lastAt ?? 0)) row.lastAt = stats.lastDeliveryAt;
        peers.set(peer, row);
      }
    }
    return {
      agency: this.agency,
      services: Object.fromEntries([...this.#serving].map(([capability, serving]) => [capability, serving() ? 'SERVING' : 'NOT_SERVING'] as const)),
      peers: [...peers.values()]
        .sort((a, b) => a.peer.localeCompare(b.peer))
        .map(({ lastAt, ...row }) => ({ ...row, ...(lastAt === undefined ? {} : { lastDelivery: new Date(lastAt).toISOString() }) })),
    };
  }

  #eachPeer(): Array<readonly [Labels, PeerLinkStats]> {
    return [...this.#links].flatMap(([capability, link]) => Object.entries(link.stats().peers).map(([peer, stats]) => [{ capability, peer }, stats] as const));
  }

  /** A counter whose totals the links keep: set from them on every scrape. */
  #linkCounter(name: string, help: string, values: () => ReadonlyArray<readonly [Labels, number]>, moreLabels: readonly string[] = []): void {
    new Counter({
      name,
      help,
      labelNames: ['capability', 'peer', ...moreLabels],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [labels, value] of values()) this.inc(labels, value);
      },
    });
  }

  #linkGauge(name: string, help: string, values: () => ReadonlyArray<readonly [Labels, number]>): void {
    new Gauge({
      name,
      help,
      labelNames: ['capability', 'peer'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [labels, value] of values()) this.set(labels, value);
      },
    });
  }
}
