/**
 * An operation's shared timeline for calendar programs (iCalendar, RFC 5545) and for tools (JSON).
 * The same timeline gives the same bytes: every stamp comes from the record, none from the clock.
 */
import ical, { ICalEventStatus } from 'ical-generator';
import { Operation, TimelineEntry, type Milestone, type NationalAction } from '@concord/contracts/planning';
import type { Lifecycle } from './domain/operation.js';
import type { SharedAction } from './domain/national-action.js';
import type { MilestoneState } from './domain/milestone.js';
import { toMilestone, toNationalAction, toOperation } from './grpc-mapping.js';
import type { TimelineItem } from './planning-projection.js';

export interface ExportInput {
  readonly lifecycle: Lifecycle;
  readonly milestones: readonly MilestoneState[];
  readonly actions: readonly SharedAction[];
  readonly entries: readonly TimelineEntry[];
  /** Each milestone's or action's changes on the timeline: its calendar stamp and sequence. */
  readonly revision: (id: string) => Revision;
}

/** When a calendar entry last changed (DTSTAMP), and how many times it changed since it was first sent (SEQUENCE). */
export interface Revision {
  readonly at: Date;
  readonly sequence: number;
}

const actionStatusOf: Record<SharedAction['status'], ICalEventStatus> = {
  planned: ICalEventStatus.TENTATIVE,
  started: ICalEventStatus.CONFIRMED,
  completed: ICalEventStatus.CONFIRMED,
  cancelled: ICalEventStatus.CANCELLED,
};

export function toICalendar(input: ExportInput): string {
  const { operation } = input.lifecycle;
  const calendar = ical({ name: operation.name, prodId: { company: 'Concord', product: 'Joint Period of Action', language: 'EN' } });
  const uid = (id: string) => `${id}@concord`;
  calendar.createEvent({
    id: uid(operation.id),
    start: operation.period.start,
    end: operation.period.end,
    stamp: input.lifecycle.updatedAt,
    // Version 1 is the first proposal; calendar programs apply an update only when SEQUENCE grows.
    sequence: operation.version - 1,
    summary: `${operation.name}: designated period (${input.lifecycle.status})`,
    description: [`Co-chairs: ${operation.coChairs.join(', ')}`, `Participants: ${operation.participants.join(', ')}`, `Supporters: ${operation.supporters.join(', ') || 'none'}`, `Version ${operation.version}`].join('\n'),
    status: input.lifecycle.status === 'proposed' ? ICalEventStatus.TENTATIVE : input.lifecycle.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  for (const { milestone, cancelled } of input.milestones) {
    calendar.createEvent({
      id: uid(milestone.id),
      start: milestone.window.start,
      end: milestone.window.end,
      ...stampOf(input.revision(milestone.id)),
      summary: `${operation.name}: ${milestone.title}`,
      description: `Milestone (${milestone.kind})`,
      ...(milestone.location ? { location: milestone.location } : {}),
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  for (const action of input.actions) {
    calendar.createEvent({
      id: uid(action.id),
      start: action.window.start,
      end: action.window.end,
      ...stampOf(input.revision(action.id)),
      summary: `${operation.name}: ${action.agency} ${action.kind} (${action.jurisdiction})`,
      description: `National action of ${action.agency}: ${action.status}${action.outsidePeriod ? '; outside the designated period' : ''}`,
      status: actionStatusOf[action.status],
    });
  }
  // RFC 5545 ends every content line, the last one included, with CRLF; the generator leaves the last one bare.
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}

const stampOf = (revision: Revision) => ({ stamp: revision.at, sequence: revision.sequence });

export function toJsonExport(input: ExportInput): string {
  const document = {
    operation: Operation.toJSON(toOperation(input.lifecycle)),
    milestones: input.milestones.map((m) => toMilestoneJson(toMilestone(m))),
    actions: input.actions.map((a) => toActionJson(toNationalAction(input.lifecycle.operation.id, a, true))),
    timeline: input.entries.map((e) => TimelineEntry.toJSON(e)),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

const toMilestoneJson = (m: Milestone) => ({ id: m.id, kind: m.kind, title: m.title, start: m.window?.start?.toISOString(), end: m.window?.end?.toISOString(), location: m.location, cancelled: m.cancelled });
const toActionJson = (a: NationalAction) => ({ id: a.id, agency: a.agency, kind: a.kind, start: a.window?.start?.toISOString(), end: a.window?.end?.toISOString(), jurisdiction: a.jurisdiction, status: a.status, outsidePeriod: a.outsidePeriod });

/** The id of the milestone or action an entry concerns, if any. */
export function subjectOf(item: TimelineItem): string | undefined {
  const { event } = item;
  if ('milestone' in event) return event.milestone.id;
  if ('milestoneId' in event) return event.milestoneId;
  if ('action' in event) return event.action.id;
  return undefined;
}
