/**
 * Running a debrief over gRPC: the lead opens it and publishes the report; participants submit their
 * outcomes and lessons; owners move remedial actions. A non-attributable lesson goes to the lead alone
 * (or, the lead's own, into its private store), and the lead publishes every one of them, shuffled and
 * signed as its own, just before the report: nothing in what others receive points at the author.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { DebriefServiceServer } from '@concord/contracts/debrief';
import { Code, ConcordError } from '@concord/errors';
import { askInternal, commandAnswerSchema, InternalSubjects, operationFactsAnswerSchema } from '@concord/federation';
import { parseRequest, unary } from '@concord/service-kit';
import { remedialRefusal, toLesson } from './debrief-book.js';
import { everyMember, publishDebriefEvent, requireDebrief, requireSubmitter, type DebriefContext } from './debrief-context.js';
import { lessonContentSchema, type LessonContent } from './debrief-wire.js';
import { readCounts } from './domain/outcomes.js';
import { synthesise } from './domain/synthesis.js';
import { toLessonMessage } from './grpc-mapping.js';
import type { Debrief } from '@concord/contracts/debrief';
import { operationIdRequest, submitLessonRequest, submitOutcomesRequest, updateRemedialRequest } from './request-schemas.js';

type DebriefCommands = Pick<DebriefServiceServer, 'openDebrief' | 'submitOutcomes' | 'submitLesson' | 'updateRemedialAction' | 'publishReport'>;

const ownPendingKey = (operationId: string, lessonId: string) => `pending.${operationId}.${lessonId}`;
const ownPendingSchema = z.object({ operationId: z.string(), lessonId: z.string(), lesson: lessonContentSchema });

export function debriefCommands(context: DebriefContext, view: (operationId: string) => Promise<Debrief>): DebriefCommands {
  const { agency, book, log } = context;

  const factsOf = async (operationId: string) => {
    const facts = await askInternal(context.nc, InternalSubjects.operationFacts, { operationId }, operationFactsAnswerSchema, 'planning');
    if (!facts.ok) throw new ConcordError(Code.NotFound, facts.error);
    return facts;
  };

  /** The operation becomes debriefed on every participant's timeline. */
  const markDebriefed = async (operationId: string) => {
    const answer = await askInternal(context.nc, InternalSubjects.markDebriefed, { operationId }, commandAnswerSchema, 'planning');
    if (!answer.ok) throw new ConcordError(Code.Unavailable, `the report is published, but the operation could not be recorded as debriefed: ${answer.error}; publish again to retry`);
  };

  const shuffled = <T>(items: T[]) => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  };

  return {
    openDebrief: unary(log, 'OpenDebrief', async (request) => {
      const { operationId } = parseRequest(operationIdRequest, request);
      if (book.get(operationId)) throw new ConcordError(Code.AlreadyExists, `the debrief of operation ${operationId} is open already`);
      const { operation } = await factsOf(operationId);
      if (operation.lead !== agency) throw new ConcordError(Code.PermissionDenied, `only the lead of operation ${operationId} (${operation.lead}) opens its debrief`);
      if (operation.status !== 'concluded') throw new ConcordError(Code.FailedPrecondition, `operation ${operationId} is ${operation.status}: its debrief opens once it has concluded`);
      await publishDebriefEvent(context, 'debrief.opened', { operationId }, { name: operation.name, lead: operation.lead, participants: operation.participants, period: operation.period }, everyMember(context));
      log.info({ operation: operationId }, 'debrief opened');
      return { debrief: await view(operationId) };
    }),

    submitOutcomes: unary(log, 'SubmitOutcomes', async (request) => {
      const input = parseRequest(submitOutcomesRequest, request);
      requireSubmitter(context, input.operationId);
      const given: Record<string, number> = {};
      const repeated: string[] = [];
      for (const { category, count } of input.counts) {
        if (category in given) repeated.push(category);
        given[category] = count;
      }
      if (repeated.length > 0) throw ConcordError.invalid(repeated.map((category) => ({ path: `counts.${category}`, message: 'is given twice' })), 'invalid request');
      const read = readCounts(given);
      if ('violations' in read) throw ConcordError.invalid(read.violations, 'invalid request');
      await publishDebriefEvent(context, 'debrief.outcomes', { operationId: input.operationId }, { counts: read.counts, intelligenceSummary: input.intelligenceSummary }, everyMember(context));
      return { debrief: await view(input.operationId) };
    }),

    submitLesson: unary(log, 'SubmitLesson', async (request) => {
      const input = parseRequest(submitLessonRequest, request);
      const record = requireSubmitter(context, input.operationId);
      const lessonId = randomUUID();
      const content: LessonContent = lessonContentSchema.parse({
        category: input.category,
        observation: input.observation,
        lessonIdentified: input.lessonIdentified,
        ...(input.remedialAction ? { remedialAction: input.remedialAction } : {}),
        lessonLearned: input.lessonLearned,
        evidence: input.evidence,
      });
      if (!input.nonAttributable) {
        await publishDebriefEvent(context, 'debrief.lesson', { operationId: record.operationId, lessonId }, { lesson: content, nonAttributable: false }, everyMember(context));
      } else if (record.lead === agency) {
        await context.privateStore.put(ownPendingKey(record.operationId, lessonId), { operationId: record.operationId, lessonId, lesson: content });
        record.pendingAnonymous.set(lessonId, content);
        record.lessons.set(lessonId, { lesson: toLesson(lessonId, agency, content), nonAttributable: true });
      } else {
        await publishDebriefEvent(context, 'debrief.anonymous-lesson', { operationId: record.operationId }, { lessonId, lesson: content }, [record.lead]);
      }
      await context.audit.append({ action: 'published', actor: agency, subject: `lesson:${lessonId}`, detail: { operation: record.operationId, nonAttributable: input.nonAttributable } });
      return { lesson: toLessonMessage(record.lessons.get(lessonId)!) };
    }),

    updateRemedialAction: unary(log, 'UpdateRemedialAction', async (request) => {
      const input = parseRequest(updateRemedialRequest, request);
      const record = requireDebrief(context, input.operationId);
      const held = record.lessons.get(input.lessonId);
      if (!held) throw new ConcordError(Code.NotFound, `operation ${input.operationId} has no lesson ${input.lessonId} here`);
      const refusal = remedialRefusal(record, input.lessonId, agency, input.status);
      if (refusal) throw new ConcordError(refusal.kind === 'not-yours' ? Code.PermissionDenied : Code.FailedPrecondition, refusal.detail);
      await publishDebriefEvent(context, 'debrief.remedial', { operationId: input.operationId, lessonId: input.lessonId }, { status: input.status }, everyMember(context));
      return { lesson: toLessonMessage(record.lessons.get(input.lessonId)!) };
    }),

    publishReport: unary(log, 'PublishReport', async (request) => {
      const { operationId } = parseRequest(operationIdRequest, request);
      const record = requireDebrief(context, operationId);
      if (record.lead !== agency) throw new ConcordError(Code.PermissionDenied, `only the lead (${record.lead}) publishes the report`);
      if (record.status === 'reported') {
        // Published already: what may remain is recording the operation as debriefed.
        await markDebriefed(operationId);
        throw new ConcordError(Code.FailedPrecondition, `the report of operation ${operationId} is published already`);
      }
      const facts = await factsOf(operationId);
      const synthesis = synthesise(
        record.participants,
        facts.actions.map((a) => ({ ...a, releasedAt: a.releasedAt ? new Date(a.releasedAt) : undefined, alertPublishedAt: a.alertPublishedAt ? new Date(a.alertPublishedAt) : undefined })),
        facts.requests.map((r) => ({ ...r, requestedAt: new Date(r.requestedAt), closedAt: new Date(r.closedAt) })),
      );
      for (const [lessonId, lesson] of shuffled([...record.pendingAnonymous.entries()])) {
        await publishDebriefEvent(context, 'debrief.lesson', { operationId, lessonId }, { lesson, nonAttributable: true }, everyMember(context));
        await context.privateStore.delete(ownPendingKey(operationId, lessonId));
      }
      const lessonIds = [...record.lessons.keys()].sort();
      await publishDebriefEvent(
        context,
        'debrief.report',
        { operationId },
        { lessonIds, outcomeAgencies: [...record.outcomes.keys()].sort(), synthesis: synthesis.map((s) => ({ ...s, medianAnswerHours: s.medianAnswerHours ?? null, medianAlertToActionHours: s.medianAlertToActionHours ?? null })) },
        everyMember(context),
      );
      log.info({ operation: operationId, lessons: lessonIds.length }, 'debrief report published');
      await markDebriefed(operationId);
      return { debrief: await view(operationId) };
    }),
  };
}

/** The lead's own non-attributable lessons, back into the book at start. */
export async function restoreOwnPending(context: DebriefContext): Promise<void> {
  for (const { operationId, lessonId, lesson } of await context.privateStore.list('pending', ownPendingSchema)) {
    const record = context.book.get(operationId);
    if (!record || record.status === 'reported' || record.lessons.has(lessonId)) continue;
    record.pendingAnonymous.set(lessonId, lesson);
    record.lessons.set(lessonId, { lesson: toLesson(lessonId, context.agency, lesson), nonAttributable: true });
  }
}
