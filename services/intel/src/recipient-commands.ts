/**
 * A recipient's side over gRPC: acknowledge an alert, report a sighting or outcome, and ask the
 * originator to release it to another agency. What the label forbids is refused here by
 * `alertDecider`, before anything is sent, and again by the originator.
 */
import { randomUUID } from 'node:crypto';
import type { IntelServiceServer } from '@concord/contracts/intel';
import { findAgency } from '@concord/manifest';
import { parseRequest, unary } from '@concord/service-kit';
import { toAlert, toForwardRequest } from './grpc-mapping.js';
import { act, type IntelContext } from './intel-context.js';
import { addFeedbackRequest, alertIdRequest, requestForwardRequest } from './request-schemas.js';

type RecipientCommands = Pick<IntelServiceServer, 'acknowledgeAlert' | 'addFeedback' | 'requestForward'>;

export function recipientCommands(context: IntelContext): RecipientCommands {
  const { agency, trust, now, log } = context;

  return {
    acknowledgeAlert: unary(log, 'AcknowledgeAlert', async (request) => {
      const { alertId } = parseRequest(alertIdRequest, request);
      return { alert: toAlert(await act(context, { type: 'AcknowledgeAlert', alertId, by: agency, now: now() })) };
    }),

    addFeedback: unary(log, 'AddFeedback', async (request) => {
      const input = parseRequest(addFeedbackRequest, request);
      const command = { type: 'AddFeedback', alertId: input.alertId, by: agency, now: now(), feedbackId: randomUUID(), originatorOnly: input.originatorOnly, kind: input.kind, note: input.note, place: input.place, observedAt: input.observedAt } as const;
      return { alert: toAlert(await act(context, command)) };
    }),

    requestForward: unary(log, 'RequestForward', async (request) => {
      const input = parseRequest(requestForwardRequest, request);
      const requestId = randomUUID();
      const toIsMember = findAgency(trust, input.toAgency) !== undefined;
      const alert = await act(context, { type: 'RequestForward', alertId: input.alertId, by: agency, now: now(), requestId, to: input.toAgency, reason: input.reason, toIsMember });
      log.info({ alert: alert.id, to: input.toAgency }, 'forwarding requested');
      return { request: toForwardRequest(alert.forwardRequests.get(requestId)!) };
    }),
  };
}
