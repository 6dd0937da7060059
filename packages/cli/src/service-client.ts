/**
 * The acting agency's planning, intel, tasking or debrief service, for one command: opened over TLS
 * trusting the agency's CA, used, closed.
 */
import type { Command } from 'commander';
import type { Client, ChannelCredentials, ClientOptions } from '@grpc/grpc-js';
import { bearerInterceptor, requestIdInterceptor, retryUnavailable } from '@concord/access';
import { AccessServiceClient } from '@concord/contracts/access';
import { DebriefServiceClient } from '@concord/contracts/debrief';
import { IntelServiceClient } from '@concord/contracts/intel';
import { PlanningServiceClient } from '@concord/contracts/planning';
import { TaskingServiceClient } from '@concord/contracts/tasking';
import { grpcCredentials } from '@concord/service-kit/client';
import { explainDeadline, unaryDeadline } from './call-deadline.js';
import { defaultTimeoutSeconds, globalOptions, issuerAccessOf, loadEndpoints, requireAgency, type GlobalOptions } from './global-options.js';
import { callerTokens } from './sign-in/caller-tokens.js';
import { resolveZone } from './time-zone.js';

export interface ServiceCall<C> {
  readonly agency: string;
  readonly client: C;
  readonly options: GlobalOptions;
  /** The zone times are read and shown in. */
  readonly zone: string;
}
export type PlanningCall = ServiceCall<PlanningServiceClient>;
export type IntelCall = ServiceCall<IntelServiceClient>;
export type TaskingCall = ServiceCall<TaskingServiceClient>;
export type DebriefCall = ServiceCall<DebriefServiceClient>;
export type AccessCall = ServiceCall<AccessServiceClient>;

async function withClient<C extends Client, T>(
  command: Command,
  service: 'planning' | 'intel' | 'tasking' | 'debrief' | 'identity',
  make: new (address: string, credentials: ChannelCredentials, options?: ClientOptions) => C,
  run: (call: ServiceCall<C>) => Promise<T>,
): Promise<T> {
  const options = globalOptions(command);
  const endpoints = await loadEndpoints(options);
  const { id, agency } = requireAgency(options, endpoints);
  const access = await issuerAccessOf(options, agency);
  const tokens = await callerTokens(id, access);
  // One request id per invocation (numbered per call); UNAVAILABLE is retried with it, so a retry never acts twice.
  const timeout = options.timeout ?? defaultTimeoutSeconds;
  const interceptors = [unaryDeadline(timeout), requestIdInterceptor(), bearerInterceptor(tokens)];
  const client = new make(agency.grpc[service], grpcCredentials(access.ca!), { ...retryUnavailable, interceptors });
  try {
    return await run({ agency: id, client, options, zone: resolveZone(options.tz, agency.timeZone) });
  } catch (error) {
    throw explainDeadline(error, id, service, timeout);
  } finally {
    client.close();
  }
}

export const withPlanning = <T>(command: Command, run: (call: PlanningCall) => Promise<T>) => withClient(command, 'planning', PlanningServiceClient, run);
export const withIntel = <T>(command: Command, run: (call: IntelCall) => Promise<T>) => withClient(command, 'intel', IntelServiceClient, run);
export const withTasking = <T>(command: Command, run: (call: TaskingCall) => Promise<T>) => withClient(command, 'tasking', TaskingServiceClient, run);
export const withDebrief = <T>(command: Command, run: (call: DebriefCall) => Promise<T>) => withClient(command, 'debrief', DebriefServiceClient, run);
export const withAccess = <T>(command: Command, run: (call: AccessCall) => Promise<T>) => withClient(command, 'identity', AccessServiceClient, run);

/** A comma-separated list of agency ids from a flag. */
export const agencyList = (value: string): string[] => value.split(',').map((id) => id.trim()).filter(Boolean);
