/**
 * `concord status`: every service's health and each federation link per peer, per agency, from the
 * agency's metrics endpoint (one request per agency, TLS trusting its CA); an agency without one is
 * asked over the standard gRPC health protocol, service by service. Every agency is asked at once, and
 * one that has not answered within 1.5 s is shown as not answering rather than waited for.
 */
import type { Command } from 'commander';
import type { HealthStatus } from '@concord/service-kit/client';
// From its own module: the client's index brings gRPC, which only the fallback below needs.
import { serviceNames as capabilities } from '@concord/service-kit/service-names';
import { agencyCa, globalOptions, loadEndpoints } from '../global-options.js';
import { fetchLinkHealth, type LinkHealthAnswer } from '../link-health.js';
import { print, table } from '../output.js';
import { formatInstant, resolveZone } from '../time-zone.js';
import { commandSummaries } from '../command-summaries.js';

function linkRows(agency: string, links: LinkHealthAnswer, zone: string): string[][] {
  if ('error' in links) return [[agency, '-', 'unknown', '-', '-', `-  (${links.error})`]];
  return links.peers.map((p) => [agency, p.peer, p.connected ? 'yes' : 'NO', String(p.pending), p.lastDelivery ? formatInstant(new Date(p.lastDelivery), zone) : 'none yet', String(p.refusalsLastHour)]);
}

/** How long status waits for an agency's answer. */
const answerWithinMs = 1_500;

type AgencyEndpoints = Parameters<typeof fetchLinkHealth>[0];

/** Services and links of one agency, within the deadline: from its metrics endpoint, else by gRPC health per service. */
async function agencyHealth(agency: AgencyEndpoints, ca: string): Promise<{ services: Partial<Record<string, HealthStatus>>; links: LinkHealthAnswer }> {
  const asked = async () => {
    const links = await fetchLinkHealth(agency, ca, answerWithinMs);
    if ('services' in links && links.services) {
      const { services, ...peers } = links;
      return { services, links: peers };
    }
    // Loaded only here: gRPC and its health protocol are most of the command's start, and every agency
    // from `concord up` has a metrics endpoint.
    const { probeHealth } = await import('@concord/service-kit/client');
    const probed = await Promise.all(capabilities.map(async (c) => [c, await probeHealth(agency.grpc[c], ca, '', answerWithinMs)] as const));
    return { services: Object.fromEntries(probed), links };
  };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ services: Partial<Record<string, HealthStatus>>; links: LinkHealthAnswer }>((resolve) => {
    timer = setTimeout(() => resolve({ services: Object.fromEntries(capabilities.map((c) => [c, 'UNREACHABLE'] as const)), links: { error: `no answer within ${answerWithinMs / 1000} s` } }), answerWithinMs + 100);
  });
  try {
    return await Promise.race([asked(), late]);
  } finally {
    clearTimeout(timer);
  }
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description(commandSummaries.status)
    .action(async (_options: unknown, command: Command) => {
      const options = globalOptions(command);
      const endpoints = await loadEndpoints(options);
      const zone = resolveZone(options.tz, options.agency ? endpoints.agencies[options.agency]?.timeZone : undefined);
      const ids = Object.keys(endpoints.agencies).filter((id) => !options.agency || id === options.agency);
      const rows = await Promise.all(
        ids.map(async (id) => {
          const agency = endpoints.agencies[id]!;
          const ca = await agencyCa(options, agency);
          const answer = await agencyHealth(agency, ca);
          const services = Object.fromEntries(capabilities.map((c) => [c, { address: agency.grpc[c], health: answer.services[c] ?? 'UNKNOWN' }] as const));
          return { agency: id, role: agency.role, nats: agency.nats, services, links: answer.links };
        }),
      );
      const allServing = rows.every((row) => Object.values(row.services).every((s) => s.health === 'SERVING'));
      print(options.json, { federation: endpoints.federation, allServing, agencies: rows }, () =>
        [
          table([['AGENCY', 'ROLE', ...capabilities.map((c) => c.toUpperCase())], ...rows.map((row) => [row.agency, row.role, ...capabilities.map((c) => row.services[c]!.health)])]),
          '',
          table([['AGENCY', 'PEER', 'CONNECTED', 'PENDING', 'LAST DELIVERY', 'REFUSALS (1 H)'], ...rows.flatMap((row) => linkRows(row.agency, row.links, zone))]),
        ].join('\n'),
      );
      if (!allServing) process.exitCode = 3;
    });
}
