/** The shared timeline over gRPC: paged lists with filters, a resumable watch, and export. */
import { ExportFormat, type PlanningServiceServer, type WatchTimelineRequest, type WatchTimelineResponse } from '@concord/contracts/planning';
import { ConcordError } from '@concord/errors';
import { ServerWatches, toServiceError, unary } from '@concord/service-kit';
import { toTimelineEntry } from './grpc-mapping.js';
import { requireOperation, type PlanningContext } from './planning-context.js';
import { matches, type TimelineFilter, type TimelineItem } from './planning-projection.js';
import { exportTimelineRequest, listTimelineRequest, parseRequest, watchTimelineRequest } from './request-schemas.js';
import { subjectOf, toICalendar, toJsonExport, type Revision } from './timeline-export.js';

type TimelineHandlers = Pick<PlanningServiceServer, 'listTimeline' | 'watchTimeline' | 'exportTimeline'>;

export interface TimelineQueries {
  readonly handlers: TimelineHandlers;
  /** Ends every open watch: the service is stopping. */
  closeWatches(): void;
}

const filterOf = (input: { operationId: string; agency: string; kinds: readonly string[]; from?: Date | undefined; to?: Date | undefined }): TimelineFilter => ({
  ...(input.operationId ? { operationId: input.operationId } : {}),
  ...(input.agency ? { agency: input.agency } : {}),
  kinds: input.kinds,
  ...(input.from ? { from: input.from } : {}),
  ...(input.to ? { to: input.to } : {}),
});

export function timelineQueries(context: PlanningContext): TimelineQueries {
  const { projection, log } = context;
  const entry = (item: TimelineItem) => toTimelineEntry(item, projection.ignoredReason(item));
  const watches = new ServerWatches<WatchTimelineRequest, WatchTimelineResponse>();

  const handlers: TimelineHandlers = {
    listTimeline: unary(log, 'ListTimeline', (request) => {
      const input = parseRequest(listTimelineRequest, request);
      const page = projection.page({ ...filterOf(input), pageSize: input.pageSize, ...(input.pageToken ? { pageToken: input.pageToken } : {}) });
      return { entries: page.items.map(entry), nextPageToken: page.nextPageToken };
    }),

    watchTimeline: (call) => {
      let filter: TimelineFilter;
      let after: number;
      try {
        const input = parseRequest(watchTimelineRequest, call.request);
        filter = filterOf(input);
        after = input.afterCursor;
      } catch (error) {
        // Emitting the error with its status ends the call; destroying the stream would leave the client waiting.
        call.emit('error', toServiceError(ConcordError.from(error)));
        return;
      }
      // The backlog and the subscription happen in one synchronous step: nothing can arrive between them.
      for (const item of projection.arrivedAfter(after, filter)) call.write({ entry: entry(item), cursor: item.seq });
      watches.open(
        call,
        projection.subscribe((items) => {
          for (const item of items) if (matches(item, filter)) call.write({ entry: entry(item), cursor: item.seq });
        }),
      );
    },

    exportTimeline: unary(log, 'ExportTimeline', (request) => {
      const input = parseRequest(exportTimelineRequest, request);
      const lifecycle = requireOperation(context, input.operationId);
      const view = projection.view(input.operationId);
      const items = projection.entries(input.operationId);
      const revisions = new Map<string, Revision>();
      for (const item of items) {
        const subject = subjectOf(item);
        const previous = subject === undefined ? undefined : revisions.get(subject);
        if (subject) revisions.set(subject, { at: item.issuedAt, sequence: previous ? previous.sequence + 1 : 0 });
      }
      const exported = {
        lifecycle,
        milestones: [...view.milestones.values()].sort((a, b) => a.milestone.window.start.getTime() - b.milestone.window.start.getTime() || a.milestone.id.localeCompare(b.milestone.id)),
        actions: [...view.actions.values()].sort((a, b) => a.window.start.getTime() - b.window.start.getTime() || a.id.localeCompare(b.id)),
        entries: items.map(entry),
        revision: (id: string) => revisions.get(id) ?? { at: lifecycle.updatedAt, sequence: 0 },
      };
      const slug = lifecycle.operation.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || lifecycle.operation.id;
      return input.format === ExportFormat.EXPORT_FORMAT_ICALENDAR
        ? { contentType: 'text/calendar; charset=utf-8', filename: `${slug}.ics`, content: Buffer.from(toICalendar(exported)) }
        : { contentType: 'application/json', filename: `${slug}.json`, content: Buffer.from(toJsonExport(exported)) };
    }),
  };

  return {
    handlers,
    closeWatches: () => watches.closeAll(),
  };
}
