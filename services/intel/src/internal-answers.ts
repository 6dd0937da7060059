/**
 * Answers this agency's other services on a subject private to the agency's server: whether it holds an
 * alert, and when the alert was published (planning ties an action to the alert it acts on). Nothing
 * of the alert's content is said.
 */
import type { NatsConnection, Subscription } from 'nats';
import { alertQuerySchema, InternalSubjects, type AlertAnswer } from '@concord/federation';
import type { AlertBook } from './alert-book.js';

export function answerAlertQueries(nc: NatsConnection, agency: string, book: AlertBook): Subscription {
  const encoder = new TextEncoder();
  return nc.subscribe(InternalSubjects.heldAlert, {
    callback: (error, message) => {
      if (error) return;
      let answer: AlertAnswer;
      const parsed = alertQuerySchema.safeParse((() => {
        try {
          return JSON.parse(new TextDecoder().decode(message.data)) as unknown;
        } catch {
          return undefined;
        }
      })());
      if (!parsed.success) answer = { ok: false, error: 'the question is not { alertId }' };
      else {
        const record = book.get(parsed.data.alertId);
        answer = record && record.status !== 'revoked' ? { ok: true, origin: record.origin, publishedAt: record.publishedAt.toISOString() } : { ok: false, error: `${agency} holds no alert ${parsed.data.alertId}` };
      }
      message.respond(encoder.encode(JSON.stringify(answer)));
    },
  });
}
