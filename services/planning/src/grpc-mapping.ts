/** Domain records to the generated gRPC messages. */
import { ActionKind, ActionStatus, IdentifierKind, MilestoneKind, OperationStatus, ResponseKind, type JointPlan, type Milestone, type NationalAction, type Operation, type TimelineEntry } from '@concord/contracts/planning';
import { identifierKinds } from '@concord/identifiers';
import { isAgreed, type JointPlanState } from './domain/joint-plan.js';
import { milestoneKinds, type MilestoneState } from './domain/milestone.js';
import { actionKinds, actionStatuses, type SharedAction } from './domain/national-action.js';
import { leadOf, type Lifecycle, type OperationRecord, type Period, type Response } from './domain/operation.js';
import type { PlanningEvent } from './domain/planning-event.js';
import type { TimelineItem } from './planning-projection.js';
import { protoEnum } from '@concord/contracts';

export const milestoneKind = protoEnum(MilestoneKind, 'MILESTONE_KIND_', milestoneKinds);
export const actionKind = protoEnum(ActionKind, 'ACTION_KIND_', actionKinds);
export const actionStatus = protoEnum(ActionStatus, 'ACTION_STATUS_', actionStatuses);
export const identifierKind = protoEnum(IdentifierKind, 'IDENTIFIER_KIND_', identifierKinds);

export function toJointPlan(operationId: string, plan: JointPlanState): JointPlan {
  return {
    id: plan.planId,
    operationId,
    version: plan.version,
    parties: [...plan.parties],
    title: plan.content.title,
    objectives: [...plan.content.objectives],
    contacts: plan.content.contacts.map((c) => ({ ...c })),
    linkedActionIds: [...plan.content.linkedActions],
    proposedBy: plan.proposedBy,
    acceptedBy: [...plan.acceptedBy].sort(),
    agreed: isAgreed(plan),
  };
}

export function toMilestone({ milestone, cancelled }: MilestoneState): Milestone {
  return { id: milestone.id, kind: milestoneKind.toProto(milestone.kind), title: milestone.title, window: { ...milestone.window }, location: milestone.location, cancelled };
}

/** The private fields an agency adds to its own actions. */
export interface PrivateActionFields {
  readonly leadUnit: string;
  readonly location: string;
  readonly details: { readonly targets: string; readonly locations: string; readonly officers: string; readonly notes: string };
}

export function toNationalAction(operationId: string, action: SharedAction, released: boolean, own?: PrivateActionFields): NationalAction {
  return {
    id: action.id,
    operationId,
    agency: action.agency,
    kind: actionKind.toProto(action.kind),
    window: { ...action.window },
    jurisdiction: action.jurisdiction,
    status: actionStatus.toProto(action.status),
    released,
    outsidePeriod: action.outsidePeriod,
    leadUnit: own?.leadUnit ?? '',
    location: own?.location ?? '',
    details: own ? { ...own.details } : undefined,
    alertId: action.alert?.id ?? '',
    alertPublishedAt: action.alert?.publishedAt,
  };
}

const statusOf = {
  proposed: OperationStatus.OPERATION_STATUS_PROPOSED,
  agreed: OperationStatus.OPERATION_STATUS_AGREED,
  active: OperationStatus.OPERATION_STATUS_ACTIVE,
  concluded: OperationStatus.OPERATION_STATUS_CONCLUDED,
  debriefed: OperationStatus.OPERATION_STATUS_DEBRIEFED,
  cancelled: OperationStatus.OPERATION_STATUS_CANCELLED,
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
    recordedAfterTheFact: operation.recorded ?? false,
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
      return event.reason === undefined ? `the designated period ended (v${event.version})` : `${event.by} concluded the operation (v${event.version})${event.reason ? `: ${event.reason}` : ''}`;
    case 'operation.cancelled':
      return `${event.by} cancelled the operation (v${event.version})${event.reason ? `: ${event.reason}` : ''}`;
    case 'operation.debriefed':
      return `the lessons-learned report is published (v${event.version})`;
    case 'milestone.scheduled':
      return `${event.by} scheduled ${event.milestone.kind} "${event.milestone.title}" for ${describePeriod(event.milestone.window)}${event.milestone.location ? ` at ${event.milestone.location}` : ''}`;
    case 'milestone.cancelled':
      return `${event.by} cancelled milestone ${event.milestoneId}`;
    case 'action.released':
    case 'action.updated': {
      const { action } = event;
      const verb = event.type === 'action.released' ? 'released' : 'updated';
      return `${action.agency} ${verb} ${action.kind} in ${action.jurisdiction}, ${describePeriod(action.window)}: ${action.status}${action.outsidePeriod ? ' (outside the designated period)' : ''}`;
    }
    case 'jip.proposed':
      return `${event.by} proposed joint plan "${event.content.title}" (v${event.version}) with ${event.parties.filter((p) => p !== event.by).join(', ')}`;
    case 'jip.accepted':
      return `${event.party} accepted joint plan ${event.planId} (v${event.version})`;
    case 'deconfliction.key':
    case 'deconfliction.tokens':
    case 'deconfliction.match':
      return `deconfliction exchange from ${event.by}`;
    case 'request.released':
      return `request from ${event.request.from} to ${event.request.to}: ${event.request.outcome}`;
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
    case 'operation.concluded':
    case 'operation.debriefed':
    case 'operation.cancelled': {
      const status = { 'operation.agreed': statusOf.agreed, 'operation.activated': statusOf.active, 'operation.concluded': statusOf.concluded, 'operation.debriefed': statusOf.debriefed, 'operation.cancelled': statusOf.cancelled }[event.type];
      return { operationTransition: { version: event.version, status } };
    }
    case 'milestone.scheduled':
      return { milestone: toMilestone({ milestone: event.milestone, cancelled: false }) };
    case 'milestone.cancelled':
      return { milestone: { id: event.milestoneId, kind: MilestoneKind.MILESTONE_KIND_UNSPECIFIED, title: '', window: undefined, location: '', cancelled: true } };
    case 'action.released':
    case 'action.updated':
      return { action: toNationalAction(event.operationId, event.action, true) };
    case 'jip.proposed':
      return { jointPlan: toJointPlan(event.operationId, { planId: event.planId, version: event.version, parties: event.parties, content: event.content, proposedBy: event.by, acceptedBy: new Set([event.by]) }) };
    case 'request.released': {
      const { requestId, from, to, outcome, requestedAt, closedAt } = event.request;
      return { releasedRequest: { requestId, fromAgency: from, toAgency: to, outcome, requestedAt, closedAt } };
    }
    case 'jip.accepted':
    case 'deconfliction.key':
    case 'deconfliction.tokens':
    case 'deconfliction.match':
      return {};
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
