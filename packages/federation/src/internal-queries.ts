/**
 * Questions one service of an agency asks another on the agency's own server. These subjects live in
 * the internal account, which exports only `jpa.<me>.*.>` to the federation account: they never leave.
 */
import type { NatsConnection, Subscription } from 'nats';
import { z } from 'zod';
import { Code, ConcordError } from '@concord/errors';

export const InternalSubjects = {
  /** Planning answers who takes part in an operation: `{ operationId }`. */
  operationParticipants: 'planning.query.participants',
  /** Planning answers whether an action of this agency exists: `{ actionId }`. */
  agencyAction: 'planning.query.action',
  /** Planning releases how a request for assistance ended to an operation's timeline. */
  releaseRequest: 'planning.command.release-request',
  /** Planning records that an operation's lessons-learned report is published (the lead's). */
  markDebriefed: 'planning.command.debriefed',
  /** Planning answers what its timeline says of an operation: terms, actions, requests. */
  operationFacts: 'planning.query.operation-facts',
  /** Planning answers which of some timeline entries this agency holds, with their summaries. */
  timelineEntries: 'planning.query.entries',
  /** Planning answers which of some actions' operations a person is on the team of: `{ actionIds, username }`. */
  teamReadable: 'planning.query.team-readable',
  /** Intel answers whether this agency holds an alert, and when it was published. */
  heldAlert: 'intel.query.alert',
} as const;

export const participantsQuerySchema = z.strictObject({ operationId: z.string().min(1).max(64) });

export const participantsAnswerSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), participants: z.array(z.string()) }),
  z.strictObject({ ok: z.literal(false), error: z.string() }),
]);
export type ParticipantsAnswer = z.infer<typeof participantsAnswerSchema>;

/** Planning answers whether one of this agency's national actions exists, and in which operation. */
export const actionQuerySchema = z.strictObject({ actionId: z.string().min(1).max(64) });
export const actionAnswerSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), operationId: z.string(), status: z.string() }),
  z.strictObject({ ok: z.literal(false), error: z.string() }),
]);
export type ActionAnswer = z.infer<typeof actionAnswerSchema>;

/** Tasking asks planning to release a request's outcome to an operation's timeline. */
export const releaseRequestCommandSchema = z.strictObject({
  operationId: z.string().min(1).max(64),
  request: z.strictObject({
    requestId: z.uuid(),
    from: z.string(),
    to: z.string(),
    outcome: z.enum(['fulfilled', 'declined', 'unable', 'cancelled']),
    requestedAt: z.iso.datetime(),
    closedAt: z.iso.datetime(),
  }),
});
export type ReleaseRequestCommand = z.infer<typeof releaseRequestCommandSchema>;
export const commandAnswerSchema = z.discriminatedUnion('ok', [z.strictObject({ ok: z.literal(true) }), z.strictObject({ ok: z.literal(false), error: z.string() })]);
export type CommandAnswer = z.infer<typeof commandAnswerSchema>;

export const operationFactsQuerySchema = z.strictObject({ operationId: z.string().min(1).max(64) });
export const operationFactsAnswerSchema = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    operation: z.strictObject({ id: z.string(), name: z.string(), lead: z.string(), status: z.string(), participants: z.array(z.string()), period: z.strictObject({ start: z.iso.datetime(), end: z.iso.datetime() }) }),
    actions: z.array(
      z.strictObject({ agency: z.string(), actionId: z.string(), status: z.string(), outsidePeriod: z.boolean(), releasedAt: z.iso.datetime().optional(), alertPublishedAt: z.iso.datetime().optional() }),
    ),
    requests: z.array(z.strictObject({ from: z.string(), to: z.string(), outcome: z.string(), requestedAt: z.iso.datetime(), closedAt: z.iso.datetime() })),
  }),
  z.strictObject({ ok: z.literal(false), error: z.string() }),
]);
export type OperationFactsAnswer = z.infer<typeof operationFactsAnswerSchema>;

export const alertQuerySchema = z.strictObject({ alertId: z.string().min(1).max(64) });
export const alertAnswerSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), origin: z.string(), publishedAt: z.iso.datetime() }),
  z.strictObject({ ok: z.literal(false), error: z.string() }),
]);
export type AlertAnswer = z.infer<typeof alertAnswerSchema>;

/** Which of these actions a person may read the private records of (they are on its operation's team). */
export const teamReadableQuerySchema = z.strictObject({ actionIds: z.array(z.string().min(1).max(64)).max(10_000), username: z.string().min(1).max(200) });
export const teamReadableAnswerSchema = z.strictObject({ readable: z.array(z.string()) });
export type TeamReadableAnswer = z.infer<typeof teamReadableAnswerSchema>;

export const timelineEntriesQuerySchema = z.strictObject({ eventIds: z.array(z.string().max(64)).max(200) });
export const timelineEntriesAnswerSchema = z.strictObject({ entries: z.array(z.strictObject({ eventId: z.string(), summary: z.string() })) });
export type TimelineEntriesAnswer = z.infer<typeof timelineEntriesAnswerSchema>;

/**
 * Asks another service of this agency; its answer is checked against `answer`. A service that does not
 * answer, or answers nonsense, is an error that says which.
 */
export async function askInternal<S extends z.ZodType>(nc: NatsConnection, subject: string, question: unknown, answer: S, who: string): Promise<z.output<S>> {
  let data: Uint8Array;
  try {
    data = (await nc.request(subject, new TextEncoder().encode(JSON.stringify(question)), { timeout: 5_000 })).data;
  } catch {
    throw new ConcordError(Code.Unavailable, `the ${who} service of this agency does not answer; try again`);
  }
  const parsed = answer.safeParse(JSON.parse(new TextDecoder().decode(data)));
  if (!parsed.success) throw new ConcordError(Code.Internal, `unreadable answer from the ${who} service: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * Answers another service of this agency on `subject`: the question is checked against `query`; a
 * question that does not parse gets `malformed`, never an exception.
 */
export function answerInternal<Q extends z.ZodType, A>(nc: NatsConnection, subject: string, query: Q, respond: (question: z.output<Q>) => A | Promise<A>, malformed: A): Subscription {
  const encoder = new TextEncoder();
  return nc.subscribe(subject, {
    callback: (error, message) => {
      if (error) return;
      let question: z.output<Q>;
      try {
        question = query.parse(JSON.parse(new TextDecoder().decode(message.data)));
      } catch {
        message.respond(encoder.encode(JSON.stringify(malformed)));
        return;
      }
      void Promise.resolve(respond(question)).then((reply) => message.respond(encoder.encode(JSON.stringify(reply))));
    },
  });
}
