/**
 * Which port each server and service listens on. `npm start` derives them from one base port
 * (default 7400, far from NATS's 4222) so they stay the same across restarts; tests take free ones.
 */
import { createServer } from 'node:net';
import getPort, { portNumbers } from 'get-port';
import { serviceNames, type ServiceName } from '@concord/service-kit';
import { Code, ConcordError } from '@concord/errors';
import { defaultBasePort } from './default-port.js';
import { fetchBlockedPorts } from './blocked-ports.js';

export { defaultBasePort };

export interface AgencyPorts {
  readonly nats: number;
  readonly monitor: number;
  /** gRPC of the four capabilities, and of the identity service (AccessService). */
  readonly grpc: Readonly<Record<ServiceName, number>>;
  /** The embedded OpenID Connect provider. */
  readonly issuer: number;
  /** The agency process's Prometheus metrics (HTTPS). */
  readonly metrics: number;
  /** The agency's web console (HTTPS). */
  readonly console: number;
}

export interface PortPlan {
  readonly hub: { readonly client: number; readonly leaf: number; readonly monitor: number };
  readonly agencies: Readonly<Record<string, AgencyPorts>>;
}

/** Hub on base..base+2; agency i on base+10(i+1) .. base+10(i+1)+9 (its metrics on +8, its console on +9). */
const agencyStride = 10;
const metricsOffset = 8;
const consoleOffset = 9;

export function portsFromBase(base: number, agencyIds: readonly string[]): PortPlan {
  const highest = base + agencyStride * agencyIds.length + consoleOffset;
  if (!Number.isInteger(base) || base < 1024 || highest > 65_535) {
    throw ConcordError.invalid([{ path: '--base-port', message: `must leave room for ${agencyIds.length} agencies between 1024 and 65535 (ports ${base} to ${highest})` }]);
  }
  const agencies: Record<string, AgencyPorts> = {};
  agencyIds.forEach((id, index) => {
    const first = base + agencyStride * (index + 1);
    const grpc = Object.fromEntries(serviceNames.map((c, k) => [c, first + 2 + k])) as Record<ServiceName, number>;
    agencies[id] = { nats: first, monitor: first + 1, grpc, issuer: first + 2 + serviceNames.length, metrics: first + metricsOffset, console: first + consoleOffset };
  });
  const plan = { hub: { client: base, leaf: base + 1, monitor: base + 2 }, agencies };
  const blocked = describePorts(plan).filter((row) => row.web && fetchBlockedPorts.has(row.port));
  if (blocked.length > 0) {
    const named = blocked.map((row) => `${row.port} (${row.what})`).join(', ');
    throw ConcordError.invalid([{ path: '--base-port', message: `puts ${named} on a port that browsers and fetch refuse to connect to; choose another base` }]);
  }
  return plan;
}

/** Inclusive bounds of the ports to choose from. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/**
 * A port free now on `host`, from `range` when one is given (any free port if none in it is), and
 * never one that fetch refuses: a monitor there answers nobody (it failed a CI run on 10080).
 */
export function freePort(host = '127.0.0.1', range?: PortRange): Promise<number> {
  return getPort({ host, exclude: fetchBlockedPorts, ...(range ? { port: portNumbers(range.from, range.to) } : {}) });
}

export async function freePorts(agencyIds: readonly string[], host = '127.0.0.1', range?: PortRange): Promise<PortPlan> {
  const next = () => freePort(host, range);
  const agencies: Record<string, AgencyPorts> = {};
  for (const id of agencyIds) {
    const grpc: Partial<Record<ServiceName, number>> = {};
    for (const c of serviceNames) grpc[c] = await next();
    agencies[id] = { nats: await next(), monitor: await next(), grpc: grpc as Record<ServiceName, number>, issuer: await next(), metrics: await next(), console: await next() };
  }
  return { hub: { client: await next(), leaf: await next(), monitor: await next() }, agencies };
}

/** Each port with what it serves; `web` marks those a browser, fetch or Prometheus reads over HTTP(S). */
export function describePorts(plan: PortPlan): Array<{ port: number; what: string; web?: true }> {
  const rows: Array<{ port: number; what: string; web?: true }> = [
    { port: plan.hub.client, what: 'hub NATS clients' },
    { port: plan.hub.leaf, what: 'hub leaf connections' },
    { port: plan.hub.monitor, what: 'hub monitoring', web: true },
  ];
  for (const [id, ports] of Object.entries(plan.agencies)) {
    rows.push({ port: ports.nats, what: `${id} NATS` }, { port: ports.monitor, what: `${id} NATS monitoring`, web: true });
    for (const c of serviceNames) rows.push({ port: ports.grpc[c], what: `${id} ${c} gRPC` });
    rows.push(
      { port: ports.issuer, what: `${id} sign-in (OpenID Connect)`, web: true },
      { port: ports.metrics, what: `${id} metrics`, web: true },
      { port: ports.console, what: `${id} console (HTTPS)`, web: true },
    );
  }
  return rows;
}

function isFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Fails before anything starts, naming every taken port and the flag that moves them. */
export async function assertPortsFree(plan: PortPlan, host: string): Promise<void> {
  const rows = describePorts(plan);
  const taken = (await Promise.all(rows.map(async (row) => ((await isFree(row.port, host)) ? undefined : row)))).filter((row) => row !== undefined);
  if (taken.length > 0) {
    throw new ConcordError(Code.FailedPrecondition, `ports in use on ${host}: ${taken.map((r) => `${r.port} (${r.what})`).join(', ')}; choose others with --base-port`);
  }
}
