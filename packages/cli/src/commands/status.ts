/**
 * `concord status`: every service's health, per agency, over the standard gRPC health protocol (TLS,
 * trusting each agency's CA), and each agency's federation links per peer from its metrics endpoint.
 */
import type { Command } from 'commander';
import { probeHealth, serviceNames as capabilities } from '@concord/service-kit/client';
import { agencyCa, globalOptions, loadEndpoints } from '../global-options.js';
import { fetchLinkHealth, type LinkHealthAnswer } from '../link-health.js';
import { print, table } from '../output.js';
import { formatInstant, resolveZone } from '../time-zone.js';
import { commandSummaries } from '../command-summaries.js';

function linkRows(agency: string, links: LinkHealthAnswer, zone: string): string[][] {
  if ('error' in links) return [[agency, '-', 'unknown', '-', '-', `-  (${links.error})`]];
  return links.peers.map((p) => [agency, p.peer, p.connected ? 'yes' : 'NO', String(p.pending), p.lastDelivery ? formatInstant(new Date(p.lastDelivery), zone) : 'none yet', String(p.refusalsLastHour)]);
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
          const [services, links] = await Promise.all([
            Promise.all(capabilities.map(async (c) => [c, { address: agency.grpc[c], health: await probeHealth(agency.grpc[c], ca) }] as const)).then((entries) => Object.fromEntries(entries)),
            fetchLinkHealth(agency, ca),
          ]);
          return { agency: id, role: agency.role, nats: agency.nats, services, links };
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
