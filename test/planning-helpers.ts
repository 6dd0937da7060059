/** Small planning calls shared by the integration tests. */
import { randomUUID } from 'node:crypto';
import { CreateOperationRequest, ListTimelineRequest, type Operation, type PlanningServiceClient, ResponseKind, type TimelineEntry } from '@concord/contracts/planning';
import { callUnary, type RequestOf, type UnaryNames } from '@concord/service-kit';
import type { TestFederation } from '@concord/testkit';
import { waitFor } from '@concord/testkit';
import { expect } from 'vitest';
import type { Client } from '@grpc/grpc-js';
import type { ConcordError } from '@concord/errors';
import type { NewEvent } from '@concord/federation';
import { loadAgencyIdentity } from '@concord/identity';
import { createPlanningCodec, toWire, type PlanningCodec } from '@concord/planning';

export const nextMonth = () => {
  const start = new Date(Date.now() + 30 * 24 * 3_600_000);
  return { start, end: new Date(start.getTime() + 30 * 24 * 3_600_000) };
};

/** Whatever hands out planning clients: a test federation, or one spread over hosts. */
export type PlanningClients = Pick<TestFederation, 'planningClient'>;

/** One call on a fresh client, closed after. */
export async function callOnce<C extends Client, K extends UnaryNames<C>>(client: C, method: K, request: RequestOf<C[K]>) {
  try {
    return await callUnary(client, method, request);
  } finally {
    client.close();
  }
}

/** Calls one planning RPC as `agency`. */
export const planning = <K extends UnaryNames<PlanningServiceClient>>(federation: PlanningClients, agency: string, method: K, request: RequestOf<PlanningServiceClient[K]>) =>
  callOnce(federation.planningClient(agency), method, request);

export async function createOperation(federation: PlanningClients, lead: string, participants: string[], name = 'Coral Tide', extra: Partial<CreateOperationRequest> = {}): Promise<Operation> {
  const { operation } = await planning(federation, lead, 'createOperation', CreateOperationRequest.fromPartial({ name, participants, period: nextMonth(), ...extra }));
  return operation!;
}

export async function accept(federation: PlanningClients, agency: string, operationId: string, version: number): Promise<Operation> {
  const { operation } = await planning(federation, agency, 'respondToOperation', { operationId, version, response: ResponseKind.RESPONSE_KIND_ACCEPTED, reason: '', counterPeriod: undefined });
  return operation!;
}

/** Waits until `agency` holds the operation at this version (it arrives asynchronously). */
export async function operationAt(federation: PlanningClients, agency: string, operationId: string, check: (operation: Operation) => void = () => {}, timeoutMs = 10_000): Promise<Operation> {
  return waitFor(async () => {
    const { operation } = await planning(federation, agency, 'getOperation', { operationId });
    check(operation!);
    return operation!;
  }, timeoutMs);
}

export async function timelineOf(federation: PlanningClients, agency: string, operationId = ''): Promise<TimelineEntry[]> {
  const client = federation.planningClient(agency);
  try {
    const entries: TimelineEntry[] = [];
    let pageToken = '';
    do {
      const page = await callUnary(client, 'listTimeline', ListTimelineRequest.fromPartial({ operationId, pageSize: 1000, pageToken }));
      entries.push(...page.entries);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return entries;
  } finally {
    client.close();
  }
}

/** The order-defining identity of each entry, to compare timelines across agencies. */
export const orderOf = (entries: readonly TimelineEntry[]) => entries.map((e) => `${e.hlc} ${e.originAgency} ${e.type} ${e.eventId}`);

/** Waits until every agency holds exactly the same timeline for the operation, and returns it. */
export async function converged(federation: PlanningClients, agencies: readonly string[], operationId: string, length: number, timeoutMs = 15_000): Promise<TimelineEntry[]> {
  return waitFor(async () => {
    const timelines = await Promise.all(agencies.map((agency) => timelineOf(federation, agency, operationId)));
    for (const timeline of timelines) {
      expect(timeline).toHaveLength(length);
      expect(orderOf(timeline)).toEqual(orderOf(timelines[0]!));
    }
    return timelines[0]!;
  }, timeoutMs);
}

/** What a call failed with: its status code, its message, and the fields it named. */
export async function failureOf(call: Promise<unknown>): Promise<{ code: number; message: string; fields: string[] }> {
  try {
    await call;
  } catch (error) {
    const { code, message, cause } = error as ConcordError;
    const metadata = (cause as { metadata?: { get(key: string): unknown[] } } | undefined)?.metadata;
    return { code, message, fields: (metadata?.get('concord-field') ?? []).flatMap((value) => String(value).split(', ')) };
  }
  throw new Error('the call succeeded');
}

/** The planning codec of an agency of the federation, with its own key: to craft what it could send. */
export async function planningCodecOf(federation: TestFederation, agency: string): Promise<PlanningCodec> {
  const identity = await loadAgencyIdentity(federation.prepared.paths.agency(agency).keysDir);
  return createPlanningCodec({ agency, encryptionKey: identity.encryptionKey }, federation.prepared.trust);
}

/** An operation proposal by `lead` to `invited`, sealed as `codec`'s agency seals it; ready to sign. */
export function proposalEvent(codec: PlanningCodec, lead: string, invited: readonly string[], operation: { id?: string; name?: string; coChairs?: string[] } = {}): NewEvent {
  const { start, end } = nextMonth();
  const record = { id: randomUUID(), name: 'Crafted', coChairs: [lead], ...operation, version: 1, participants: [lead, ...invited].sort(), supporters: [], period: { start, end } };
  return toWire(codec, { type: 'operation.proposed', by: lead, operation: record, at: new Date() }, invited);
}
