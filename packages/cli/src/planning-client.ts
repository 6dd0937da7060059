/** The acting agency's planning service, for one command: opened, used, closed. */
import type { Command } from 'commander';
import { PlanningServiceClient } from '@concord/contracts/planning';
import { insecure } from '@concord/service-kit';
import { globalOptions, loadEndpoints, requireAgency, type GlobalOptions } from './global-options.js';
import { resolveZone } from './time-zone.js';

export interface PlanningCall {
  readonly agency: string;
  readonly client: PlanningServiceClient;
  readonly options: GlobalOptions;
  /** The zone times are read and shown in. */
  readonly zone: string;
}

export async function withPlanning<T>(command: Command, run: (call: PlanningCall) => Promise<T>): Promise<T> {
  const options = globalOptions(command);
  const endpoints = await loadEndpoints(options);
  const { id, agency } = requireAgency(options, endpoints);
  const client = new PlanningServiceClient(agency.grpc.planning, insecure);
  try {
    return await run({ agency: id, client, options, zone: resolveZone(options.tz, agency.timeZone) });
  } finally {
    client.close();
  }
}

/** A comma-separated list of agency ids from a flag. */
export const agencyList = (value: string): string[] => value.split(',').map((id) => id.trim()).filter(Boolean);
