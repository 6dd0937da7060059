/**
 * Answers this agency's other services on a subject private to the agency's server: whether it holds an
 * alert, and when the alert was published (planning ties an action to the alert it acts on). Nothing
 * of the alert's content is said.
 */
import type { NatsConnection, Subscription } from 'nats';
import { alertQuerySchema, answerInternal, InternalSubjects, type AlertAnswer } from '@concord/federation';
import type { AlertBook } from './alert-book.js';

export function answerAlertQueries(nc: NatsConnection, agency: string, book: AlertBook): Subscription {
  return answerInternal<typeof alertQuerySchema, AlertAnswer>(
    nc,
    InternalSubjects.heldAlert,
    alertQuerySchema,
    ({ alertId }) => {
      const record = book.get(alertId);
      return record && record.status !== 'revoked' ? { ok: true, origin: record.origin, publishedAt: record.publishedAt.toISOString() } : { ok: false, error: `${agency} holds no alert ${alertId}` };
    },
    { ok: false, error: 'the question is not { alertId }' },
  );
}
