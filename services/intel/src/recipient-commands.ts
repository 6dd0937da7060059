/**
 * A recipient's side over gRPC: acknowledge an alert, report a sighting or outcome, and ask the
 * originator to release it to another agency. What the label forbids is refused here, before anything
 * is sent, and again by the originator.
 */
import { randomUUID } from 'node:crypto';
import type { IntelServiceServer } from '@concord/contracts/intel';
import { Code, ConcordError } from '@concord/errors';
import { findAgency } from '@concord/manifest';
import { parseRequest, unary } from '@concord/service-kit';
import { feedbackMayReachRecipients, forwardRefusal, forwardRule, tlpText } from './domain/handling.js';
import { toAlert, toForwardRequest } from './grpc-mapping.js';
import { publishIntel, requireActive, requireAlert, type IntelContext } from './intel-context.js';
import { addFeedbackRequest, alertIdRequest, requestForwardRequest } from './request-schemas.js';

type RecipientCommands = Pick<IntelServiceServer, 'acknowledgeAlert' | 'addFeedback' | 'requestForward'>;

export function recipientCommands(context: IntelContext): RecipientCommands {
  const { agency, trust, log } = context;

  const requireReceived = (alertId: string) => {
    const record = requireActive(context, alertId);
    if (record.origin === agency) throw new ConcordError(Code.FailedPrecondition, `alert ${alertId} is ${agency}'s own`);
    return record;
  };

  return {
    acknowledgeAlert: unary(log, 'AcknowledgeAlert', async (request) => {
      const { alertId } = parseRequest(alertIdRequest, request);
      const record = requireReceived(alertId);
      if ((record.deliveries.get(agency)?.acknowledgedVersion ?? 0) < record.version) {
        await publishIntel(context, 'alert.receipt', { alertId }, { version: record.version, status: 'acknowledged' }, [record.origin]);
      }
      return { alert: toAlert(requireAlert(context, alertId)) };
    }),

    addFeedback: unary(log, 'AddFeedback', async (request) => {
      const input = parseRequest(addFeedbackRequest, request);
      const record = requireActive(context, input.alertId);
      const others = !input.originatorOnly && feedbackMayReachRecipients(record.label) ? [...record.recipients] : [];
      const audience = [record.origin, ...others].filter((id) => id !== agency);
      if (audience.length === 0) {
        throw new ConcordError(Code.FailedPrecondition, `${tlpText(record.label)}: feedback on your own alert would reach nobody; it goes to other recipients only under CLEAR, GREEN or AMBER`);
      }
      const secret = { kind: input.kind, note: input.note, place: input.place, ...(input.observedAt ? { observedAt: input.observedAt.toISOString() } : {}) };
      await publishIntel(context, 'alert.feedback', { alertId: record.id, feedbackId: randomUUID() }, secret, audience);
      return { alert: toAlert(requireAlert(context, record.id)) };
    }),

    requestForward: unary(log, 'RequestForward', async (request) => {
      const input = parseRequest(requestForwardRequest, request);
      const record = requireReceived(input.alertId);
      if (forwardRule(record.label) === 'forbidden') throw new ConcordError(Code.FailedPrecondition, forwardRefusal(record.label));
      if (!findAgency(trust, input.toAgency)) throw ConcordError.invalid([{ path: 'to_agency', message: `${input.toAgency} is not an agency of the federation` }], 'invalid request');
      if (input.toAgency === agency || input.toAgency === record.origin || record.recipients.has(input.toAgency)) {
        throw new ConcordError(Code.AlreadyExists, `${input.toAgency} already holds alert ${record.id}`);
      }
      const requestId = randomUUID();
      await publishIntel(context, 'alert.forward-request', { alertId: record.id, requestId }, { to: input.toAgency, reason: input.reason }, [record.origin]);
      log.info({ alert: record.id, to: input.toAgency }, 'forwarding requested');
      return { request: toForwardRequest(requireAlert(context, record.id).forwardRequests.get(requestId)!) };
    }),
  };
}
