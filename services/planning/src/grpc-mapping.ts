/** Domain records to the generated gRPC messages. */
import { OperationStatus, ResponseKind, type Operation, type TimelineEntry } from '@concord/contracts/planning';
import { leadOf, type Lifecycle, type OperationRecord, type Period, type Response } from './domain/operation.js';
import type { PlanningEvent } from './domain/planning-event.js';
import type { TimelineItem } from './planning-projection.js';

const statusOf = {
  proposed: OperationStatus.OPERATION_STATUS_PROPOSED,
  agreed: OperationStatus.OPERATION_STATUS_AGREED,
  active: OperationStatus.OPERATION_STATUS_ACTIVE,
  concluded: OperationStatus.OPERATION_STATUS_CONCLUDED,
} as const satisfies Record<Lifecycle['status'], OperationStatus>;

const kindOf = {
  accepted: ResponseKind.RESPONSE_KIND_ACCEPTED,
  declined: ResponseKind.RESPONSE_KIND_DECLINED,
  'counter-proposed': ResponseKind.RESPONSE_KIND_COUNTER_PROPOSED,
} as const satisfies Record<Response['kind'], ResponseKind>;

function operationMessage(operation: OperationRecord, status: OperationStatus, createdAt: Date, updatedAt: Date, responses: Lifecycle['responses']): Operation {
  return {
    id: operation.id,
    name: operation.name,
    leadAgency: leadOf(operation),
    participants: [...operation.participants],
    period: { ...operation.period },
    status,
    createdAt,
    coChairs: [...operation.coChairs],
    supporters: [...operation.supporters],
    version: operation.version,
    responses: operation.participants.map((agency) => {
      const response = responses.get(agency);
      if (!response) return { agency, kind: ResponseKind.RESPONSE_KIND_PENDING, reason: '', counterPeriod: undefined, at: undefined };
      return {
        agency,
        kind: kindOf[response.kind],
        reason: response.kind === 'accepted' ? '' : response.reason,
        counterPeriod: response.kind === 'counter-proposed' ? { ...response.period } : undefined,
        at: response.at,
      };
    }),
    updatedAt,
  };
}

export function toOperation(lifecycle: Lifecycle): Operation {
  return operationMessage(lifecycle.operation, statusOf[lifecycle.status], lifecycle.proposedAt, lifecycle.updatedAt, lifecycle.responses);
}

export function toDraftOperation(draft: OperationRecord, createdAt: Date): Operation {
  return { ...operationMessage(draft, OperationStatus.OPERATION_STATUS_DRAFT, createdAt, createdAt, new Map()), responses: [] };
}

const minute = (date: Date) => date.toISOString().slice(0, 16).replace('T', ' ');
export const describePeriod = (period: Period) => `${minute(period.start)} to ${minute(period.end)} UTC`;

function summarise(event: PlanningEvent): string {
  switch (event.type) {
    case 'operation.proposed':
      return `${event.by} proposed "${event.operation.name}" (v1) to ${event.operation.participants.join(', ')} for ${describePeriod(event.operation.period)}`;
    case 'operation.changed':
      return `${event.by} changed "${event.operation.name}" to v${event.operation.version}: ${event.operation.participants.join(', ')}, ${describePeriod(event.operation.period)}`;
    case 'operation.accepted':
      return `${event.participant} accepted v${event.version}`;
    case 'operation.declined':
      return `${event.participant} declined v${event.version}: ${event.reason}`;
    case 'operation.counter-proposed':
      return `${event.participant} counter-proposed ${describePeriod(event.period)} to v${event.version}: ${event.reason}`;
    case 'operation.agreed':
      return `every participant agreed to v${event.version}`;
    case 'operation.activated':
      return `the designated period began (v${event.version})`;
    case 'operation.concluded':
      return `the designated period ended (v${event.version})`;
  }
}

function detailOf(event: PlanningEvent): Partial<TimelineEntry> {
  switch (event.type) {
    case 'operation.proposed':
    case 'operation.changed': {
      const { operation } = event;
      return { operationTerms: { name: operation.name, version: operation.version, coChairs: [...operation.coChairs], participants: [...operation.participants], supporters: [...operation.supporters], period: { ...operation.period } } };
    }
    case 'operation.accepted':
    case 'operation.declined':
    case 'operation.counter-proposed':
      return {
        operationResponse: {
          participant: event.participant,
          version: event.version,
          kind: kindOf[event.type === 'operation.accepted' ? 'accepted' : event.type === 'operation.declined' ? 'declined' : 'counter-proposed'],
          reason: event.type === 'operation.accepted' ? '' : event.reason,
          counterPeriod: event.type === 'operation.counter-proposed' ? { ...event.period } : undefined,
        },
      };
    case 'operation.agreed':
    case 'operation.activated':
    case 'operation.concluded': {
      const status = { 'operation.agreed': statusOf.agreed, 'operation.activated': statusOf.active, 'operation.concluded': statusOf.concluded }[event.type];
      return { operationTransition: { version: event.version, status } };
    }
  }
}

export function toTimelineEntry(item: TimelineItem, ignored: string | undefined): TimelineEntry {
  return {
    eventId: item.eventId,
    operationId: item.operationId,
    originAgency: item.origin,
    type: item.type,
    issuedAt: item.issuedAt,
    hlc: item.hlc,
    summary: summarise(item.event),
    ignored: ignored ?? '',
    ...detailOf(item.event),
  };
}
