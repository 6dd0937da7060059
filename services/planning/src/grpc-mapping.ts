/** Domain records to the generated gRPC messages. */
import { OperationStatus, type Operation, type TimelineEntry } from '@concord/contracts/planning';
import type { OperationState } from './domain/operation.js';
import type { TimelineItem } from './timeline-projection.js';

type Proposed = Extract<OperationState, { status: 'proposed' }>;

export function toOperation(state: Proposed): Operation {
  const { operation } = state;
  return {
    id: operation.id,
    name: operation.name,
    leadAgency: operation.lead,
    participants: [...operation.participants],
    period: { start: operation.period.start, end: operation.period.end },
    status: OperationStatus.OPERATION_STATUS_PROPOSED,
    createdAt: state.proposedAt,
  };
}

const minute = (date: Date) => date.toISOString().slice(0, 16).replace('T', ' ');

export function toTimelineEntry(item: TimelineItem): TimelineEntry {
  const { event } = item;
  switch (event.type) {
    case 'operation.proposed': {
      const { operation } = event;
      return {
        eventId: item.eventId,
        operationId: item.operationId,
        originAgency: item.origin,
        type: item.type,
        issuedAt: item.issuedAt,
        hlc: item.hlc,
        summary: `${operation.lead} proposed "${operation.name}" to ${operation.participants.join(', ')} for ${minute(operation.period.start)} to ${minute(operation.period.end)} UTC`,
        operationProposed: { operation: toOperation({ status: 'proposed', operation, proposedAt: event.at }) },
      };
    }
  }
}
