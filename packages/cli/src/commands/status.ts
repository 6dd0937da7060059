/** `concord status`: every service's health, per agency, over the standard gRPC health protocol (TLS, trusting each agency's CA). */
import type { Command } from 'commander';
import { probeHealth, serviceNames as capabilities } from '@concord/service-kit/client';
import { agencyCa, globalOptions, loadEndpoints } from '../global-options.js';
import { print, table } from '../output.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description("show whether each agency's planning, tasking, intel, debrief and identity services are serving")
    .action(async (_options: unknown, command: Command) => {
      const options = globalOptions(command);
      const endpoints = await loadEndpoints(options);
      const ids = Object.keys(endpoints.agencies).filter((id) => !options.agency || id === options.agency);
      const rows = await Promise.all(
        ids.map(async (id) => {
          const agency = endpoints.agencies[id]!;
          const ca = await agencyCa(options, agency);
          const services = Object.fromEntries(
            await Promise.all(capabilities.map(async (c) => [c, { address: agency.grpc[c], health: await probeHealth(agency.grpc[c], ca) }] as const)),
          );
          return { agency: id, role: agency.role, nats: agency.nats, services };
        }),
      );
      const allServing = rows.every((row) => Object.values(row.services).every((s) => s.health === 'SERVING'));
      print(options.json, { federation: endpoints.federation, allServing, agencies: rows }, () =>
        table([['AGENCY', 'ROLE', ...capabilities.map((c) => c.toUpperCase())], ...rows.map((row) => [row.agency, row.role, ...capabilities.map((c) => row.services[c]!.health)])]),
      );
      if (!allServing) process.exitCode = 3;
    });
}
