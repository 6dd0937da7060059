/**
 * Running a debrief over gRPC: the lead opens it and publishes the report; participants submit their
 * outcomes and lessons; owners move remedial actions. A non-attributable lesson goes to the lead alone
 * (or, the lead's own, into its private store), and the lead publishes every one of them, shuffled and
 * signed as its own, just before the report: nothing in what others receive points at the author.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Debrief, DebriefServiceServer } from '@concord/contracts/debrief';
import { eventsOf } from '@concord/decider';
import { Code, ConcordError } from '@concord/errors';
import { askInternal, commandAnswerSchema, InternalSubjects, operationFactsAnswerSchema } from '@concord/federation';
import { parseRequest, unary } from '@concord/service-kit';
import { everyMember, publishDebriefEvent, requireDebrief, type DebriefContext } from './debrief-context.js';
import { lessonContentSchema, type LessonContent } from './debrief-wire.js';
import { debriefDecider, type DebriefCommand, type DebriefEvent } from './domain/debrief.js';
import { toLessonMessage } from './grpc-mapping.js';
import { operationIdRequest, submitLessonRequest, submitOutcomesRequest, updateRemedialRequest } from './request-schemas.js';

type DebriefCommands = Pick<DebriefServiceServer, 'openDebrief' | 'submitOutcomes' | 'submitLesson' | 'updateRemedialAction' | 'publishReport'>;

const ownPendingKey = (operationId: string, lessonId: string) => `pending.${operationId}.${lessonId}`;
const ownPendingSchema = z.object({ operationId: z.string(), lessonId: z.string(), lesson: lessonContentSchema });

type Acting = Pick<DebriefCommand, 'operationId' | 'by' | 'audience' | 'now'>;

export function debriefCommands(context: DebriefContext, view: (operationId: string) => Promise<Debrief>): DebriefCommands {
  const { agency, debriefs, log } = context;
  const decider = debriefDecider(agency);

  const acting = (operationId: string): Acting => ({ operationId, by: agency, audience: everyMember(context), now: context.now() });

  /** Decides against the debrief as held here, then stores each event: published, or (the lead's own anonymous lesson) kept aside. */
  const act = async (command: DebriefCommand): Promise<readonly DebriefEvent[]> => {
    const events = eventsOf(decider.decide(command, debriefs.state(command.operationId)));
    for (const event of events) {
      if (event.type === 'debrief.own-lesson') {
        await context.privateStore.put(ownPendingKey(event.operationId, event.lessonId), { operationId: event.operationId, lessonId: event.lessonId, lesson: event.lesson });
        debriefs.apply(event);
      } else {
        await publishDebriefEvent(context, event);
        // A lesson the lead kept aside is published now: its private copy has served.
        if (event.type === 'debrief.lesson' && event.nonAttributable) await context.privateStore.delete(ownPendingKey(event.operationId, event.lessonId));
      }
    }
    return events;
  };

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
      if (debriefs.has(operationId)) throw new ConcordError(Code.AlreadyExists, `the debrief of operation ${operationId} is open already`);
      const { operation } = await factsOf(operationId);
      await act({ type: 'OpenDebrief', ...acting(operationId), operation });
      log.info({ operation: operationId }, 'debrief opened');
      return { debrief: await view(operationId) };
    }),

    submitOutcomes: unary(log, 'SubmitOutcomes', async (request) => {
      const input = parseRequest(submitOutcomesRequest, request);
      await act({ type: 'SubmitOutcomes', ...acting(input.operationId), counts: input.counts, intelligenceSummary: input.intelligenceSummary });
      return { debrief: await view(input.operationId) };
    }),

    submitLesson: unary(log, 'SubmitLesson', async (request) => {
      const input = parseRequest(submitLessonRequest, request);
      const lessonId = randomUUID();
      const lesson: LessonContent = lessonContentSchema.parse({
        category: input.category,
        observation: input.observation,
        lessonIdentified: input.lessonIdentified,
        ...(input.remedialAction ? { remedialAction: input.remedialAction } : {}),
        lessonLearned: input.lessonLearned,
        evidence: input.evidence,
      });
      await act({ type: 'SubmitLesson', ...acting(input.operationId), lessonId, lesson, nonAttributable: input.nonAttributable });
      await context.audit.append({ action: 'published', actor: agency, subject: `lesson:${lessonId}`, detail: { operation: input.operationId, nonAttributable: input.nonAttributable } });
      return { lesson: toLessonMessage(requireDebrief(context, input.operationId).lessons.get(lessonId)!) };
    }),

    updateRemedialAction: unary(log, 'UpdateRemedialAction', async (request) => {
      const input = parseRequest(updateRemedialRequest, request);
      await act({ type: 'UpdateRemedialAction', ...acting(input.operationId), lessonId: input.lessonId, status: input.status });
      return { lesson: toLessonMessage(requireDebrief(context, input.operationId).lessons.get(input.lessonId)!) };
    }),

    publishReport: unary(log, 'PublishReport', async (request) => {
      const { operationId } = parseRequest(operationIdRequest, request);
      const record = requireDebrief(context, operationId);
      // Published already: what may remain is recording the operation as debriefed (decide then refuses).
      if (record.lead === agency && record.status === 'reported') await markDebriefed(operationId);
      const facts = record.lead === agency && record.status !== 'reported' ? await factsOf(operationId) : { actions: [], requests: [] };
      const events = await act({
        type: 'PublishReport',
        ...acting(operationId),
        actions: facts.actions.map((a) => ({ ...a, releasedAt: a.releasedAt ? new Date(a.releasedAt) : undefined, alertPublishedAt: a.alertPublishedAt ? new Date(a.alertPublishedAt) : undefined })),
        requests: facts.requests.map((r) => ({ ...r, requestedAt: new Date(r.requestedAt), closedAt: new Date(r.closedAt) })),
        anonymousOrder: shuffled([...record.pendingAnonymous.keys()]),
      });
      const report = events.find((event) => event.type === 'debrief.report');
      log.info({ operation: operationId, lessons: report?.lessonIds.length }, 'debrief report published');
      await markDebriefed(operationId);
      return { debrief: await view(operationId) };
    }),
  };
}

/** The lead's own non-attributable lessons, folded back at start (the fold ignores those already published). */
export async function restoreOwnPending(context: DebriefContext): Promise<void> {
  for (const { operationId, lessonId, lesson } of await context.privateStore.list('pending', ownPendingSchema)) {
    context.debriefs.apply({ type: 'debrief.own-lesson', from: context.agency, at: context.now(), recipients: [], operationId, lessonId, lesson });
  }
}
