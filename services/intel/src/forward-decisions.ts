/**
 * The originator decides on forwarding its alerts. An analyst decides on TLP:AMBER requests; under
 * CLEAR and GREEN the service approves at once, and a request the label forbids (which an honest
 * recipient never sends) is refused at once. Approval seals the current version anew for the new
 * recipient alone, then tells the requester.
 */
import type { IntelServiceServer } from '@concord/contracts/intel';
import { parseRequest, unary } from '@concord/service-kit';
import type { AlertChange } from './alert-book.js';
import type { AlertRecord } from './domain/alert-record.js';
import { forwardRefusal, forwardRule, tlpText } from './domain/handling.js';
import { toAlert } from './grpc-mapping.js';
import { act, type IntelContext } from './intel-context.js';
import { decideForwardRequest } from './request-schemas.js';

export interface ForwardDecisions {
  readonly handlers: Pick<IntelServiceServer, 'decideForward'>;
  /** Decides what the label decides by itself: for one change, or every pending request at start. */
  react(change: AlertChange): void;
  reconcile(): void;
}

export function forwardDecisions(context: IntelContext): ForwardDecisions {
  const { agency, now, log } = context;
  const deciding = new Set<string>();

  const decide = async (alertId: string, requestId: string, approve: boolean, reason: string) => {
    const alert = await act(context, { type: 'DecideForward', alertId, by: agency, now: now(), requestId, approve, reason });
    log.info({ alert: alertId, request: requestId, to: alert.forwardRequests.get(requestId)?.to, approved: approve }, 'forwarding decided');
    return alert;
  };

  const decideByLabel = (record: AlertRecord, requestId: string) => {
    const rule = forwardRule(record.label);
    if (rule === 'consent' || deciding.has(requestId)) return;
    deciding.add(requestId);
    const reason = rule === 'automatic' ? `${tlpText(record.label)} allows sharing within the community` : forwardRefusal(record.label);
    decide(record.id, requestId, rule === 'automatic', reason)
      .catch((error: unknown) => log.warn({ err: error, alert: record.id, request: requestId }, 'forwarding request could not be decided; retried at the next start'))
      .finally(() => deciding.delete(requestId));
  };

  return {
    handlers: {
      decideForward: unary(log, 'DecideForward', async (request) => {
        const input = parseRequest(decideForwardRequest, request);
        return { alert: toAlert(await decide(input.alertId, input.requestId, input.approve, input.reason)) };
      }),
    },
    react(change) {
      if (change.kind !== 'forward-requested' || change.event?.type !== 'alert.forward-request') return;
      if (change.record.origin !== agency || change.record.status !== 'active') return;
      decideByLabel(change.record, change.event.requestId);
    },
    reconcile() {
      for (const record of context.book.all()) {
        if (record.origin !== agency || record.status !== 'active') continue;
        for (const request of record.forwardRequests.values()) if (request.status === 'pending') decideByLabel(record, request.id);
      }
    },
  };
}
