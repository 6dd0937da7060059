/**
 * Reading debriefs over gRPC, for every member: a debrief with the evidence each lesson cites, as far
 * as the reader may see it (its own planning timeline decides), and the report in three formats.
 */
import { ReportFormat, type DebriefServiceServer } from '@concord/contracts/debrief';
import { Code, ConcordError } from '@concord/errors';
import { alertAnswerSchema, askInternal, InternalSubjects, timelineEntriesAnswerSchema } from '@concord/federation';
import { findAgency } from '@concord/manifest';
import { parseRequest, unary } from '@concord/service-kit';
import type { DebriefRecord } from './domain/debrief.js';
import { heldDebriefs, requireDebrief, type DebriefContext } from './debrief-context.js';
import { renderJson, renderMarkdown, renderOutcomesCsv, type ReportInput } from './domain/report.js';
import { synthesise } from './domain/synthesis.js';
import { toDebrief, toLessonMessage } from './grpc-mapping.js';
import { operationIdRequest, renderReportRequest } from './request-schemas.js';

type QueryHandlers = Pick<DebriefServiceServer, 'getDebrief' | 'listDebriefs' | 'renderReport'>;

export function debriefQueries(context: DebriefContext) {
  const { trust, log } = context;

  /**
   * The reader's own stores decide which cited entries it sees: its planning timeline (actions, released
   * requests), then its intel service (alerts it holds). A reader that holds neither sees only the id.
   */
  const visible = async (eventIds: readonly string[]): Promise<Map<string, { eventId: string; summary: string }>> => {
    const chunks = Array.from({ length: Math.ceil(eventIds.length / 200) }, (_, i) => eventIds.slice(i * 200, i * 200 + 200));
    const onTimeline = (
      await Promise.all(
        chunks.map((ids) =>
          askInternal(context.nc, InternalSubjects.timelineEntries, { eventIds: ids }, timelineEntriesAnswerSchema, 'planning').then(
            (answer) => answer.entries,
            () => [],
          ),
        ),
      )
    ).flat();
    const alerts = await Promise.all(
      eventIds
        .filter((id) => !onTimeline.some((entry) => entry.eventId === id))
        .map((alertId) =>
          askInternal(context.nc, InternalSubjects.heldAlert, { alertId }, alertAnswerSchema, 'intel').then(
            (answer) => (answer.ok ? [{ eventId: alertId, summary: `alert from ${answer.origin}, published ${answer.publishedAt}` }] : []),
            () => [],
          ),
        ),
    );
    return new Map([...onTimeline, ...alerts.flat()].map((entry) => [entry.eventId, entry]));
  };

  /** The debrief with each lesson's evidence resolved, all cited ids asked about at once. */
  const view = async (operationId: string) => {
    const record = requireDebrief(context, operationId);
    const held = [...record.lessons.values()].sort((a, b) => a.lesson.id.localeCompare(b.lesson.id));
    const seen = await visible([...new Set(held.flatMap((h) => h.lesson.evidence))]);
    const lessons = held.map((h) => toLessonMessage(h, h.lesson.evidence.flatMap((id) => seen.get(id) ?? [])));
    return toDebrief(record, lessons);
  };

  /** What the report says: once published, exactly what it lists; until then, a draft of what is in. */
  const reportInput = (record: DebriefRecord): ReportInput => {
    const listed = record.report;
    const lessons = [...record.lessons.values()].filter((held) => !listed || listed.lessonIds.includes(held.lesson.id)).map((held) => ({ ...held.lesson, agency: held.nonAttributable ? undefined : held.lesson.agency }));
    const outcomes = [...record.outcomes.entries()].filter(([agency]) => !listed || listed.outcomeAgencies.includes(agency)).map(([agency, o]) => ({ agency, counts: o.counts, intelligenceSummary: o.intelligenceSummary }));
    return {
      operation: { id: record.operationId, name: record.name, lead: record.lead, period: record.period, participants: record.participants },
      agencies: record.participants.map((id) => {
        const agency = findAgency(trust, id);
        return { id, name: agency?.name ?? id, country: agency?.country ?? id };
      }),
      outcomes,
      lessons,
      synthesis: listed?.synthesis ?? synthesise(record.participants, [], []),
      ...(record.reportedAt ? { publishedAt: record.reportedAt } : {}),
    };
  };

  const handlers: QueryHandlers = {
    getDebrief: unary(log, 'GetDebrief', async (request) => ({ debrief: await view(parseRequest(operationIdRequest, request).operationId) })),
    listDebriefs: unary(log, 'ListDebriefs', async () => ({ debriefs: await Promise.all(heldDebriefs(context).map((r) => view(r.operationId))) })),
    renderReport: unary(log, 'RenderReport', (request) => {
      const input = parseRequest(renderReportRequest, request);
      const record = requireDebrief(context, input.operationId);
      if (record.status !== 'reported' && record.outcomes.size === 0 && record.lessons.size === 0) throw new ConcordError(Code.FailedPrecondition, `nothing has been submitted to the debrief of ${input.operationId} yet`);
      // The published report is rendered only once this agency holds all it lists: the same bytes everywhere.
      const missing = (record.report?.lessonIds ?? []).filter((id) => !record.lessons.has(id)).length + (record.report?.outcomeAgencies ?? []).filter((a) => !record.outcomes.has(a)).length;
      if (missing > 0) throw new ConcordError(Code.Unavailable, `the report of ${input.operationId} lists ${missing} submission(s) this agency has not received yet; try again shortly`);
      const report = reportInput(record);
      const slug = record.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || record.operationId;
      const final = record.status === 'reported';
      const name = `${slug}-lessons-learned${final ? '' : '-draft'}`;
      switch (input.format) {
        case ReportFormat.REPORT_FORMAT_MARKDOWN:
          return { contentType: 'text/markdown; charset=utf-8', filename: `${name}.md`, content: Buffer.from(renderMarkdown(report)), final };
        case ReportFormat.REPORT_FORMAT_JSON:
          return { contentType: 'application/json', filename: `${name}.json`, content: Buffer.from(renderJson(report)), final };
        default:
          return { contentType: 'text/csv; charset=utf-8', filename: `${slug}-outcomes.csv`, content: Buffer.from(renderOutcomesCsv(report)), final };
      }
    }),
  };
  return { handlers, view };
}
