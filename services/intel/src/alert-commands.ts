/**
 * The originator's side over gRPC: publish, update and revoke. Whatever the request, the content goes
 * out sealed for exactly the agencies named (or the operation's other participants), and its copies
 * follow each new version or the revocation. `alertDecider` holds the rules; a handler validates,
 * decides, sends and answers.
 */
import { randomUUID } from 'node:crypto';
import type { IntelServiceServer } from '@concord/contracts/intel';
import { Code, ConcordError } from '@concord/errors';
import { findAgency } from '@concord/manifest';
import { parseRequest, unary } from '@concord/service-kit';
import { toAlert } from './grpc-mapping.js';
import { act, type IntelContext } from './intel-context.js';
import { publishAlertRequest, revokeAlertRequest, updateAlertRequest } from './request-schemas.js';

type AlertCommands = Pick<IntelServiceServer, 'publishAlert' | 'updateAlert' | 'revokeAlert'>;

export function alertCommands(context: IntelContext): AlertCommands {
  const { agency, trust, now, log } = context;

  const recipientsOf = async (releaseTo: readonly string[], operationId: string): Promise<string[]> => {
    if (operationId) {
      const participants = (await context.participantsOf(operationId)).filter((id) => id !== agency);
      if (participants.length === 0) throw new ConcordError(Code.FailedPrecondition, `operation ${operationId} has no other participant to release the alert to`);
      return [...participants];
    }
    const unknown = releaseTo.filter((id) => !findAgency(trust, id));
    if (unknown.length > 0) throw ConcordError.invalid([{ path: 'release_to', message: `not agencies of the federation: ${unknown.join(', ')}` }], 'invalid request');
    if (releaseTo.includes(agency)) throw ConcordError.invalid([{ path: 'release_to', message: `names ${agency} itself; name the agencies to release the alert to` }], 'invalid request');
    return [...releaseTo];
  };

  return {
    publishAlert: unary(log, 'PublishAlert', async (request) => {
      const input = parseRequest(publishAlertRequest, request);
      const recipients = await recipientsOf(input.releaseTo, input.releaseToOperation);
      const alert = await act(context, { type: 'PublishAlert', alertId: randomUUID(), by: agency, now: now(), recipients, content: input.content, label: input.label, expiresAt: input.expiresAt });
      log.info({ alert: alert.id, label: input.label, recipients }, 'alert published');
      return { alert: toAlert(alert) };
    }),

    updateAlert: unary(log, 'UpdateAlert', async (request) => {
      const input = parseRequest(updateAlertRequest, request);
      const alert = await act(context, { type: 'UpdateAlert', alertId: input.alertId, by: agency, now: now(), content: input.content, label: input.label, expiresAt: input.expiresAt });
      return { alert: toAlert(alert) };
    }),

    revokeAlert: unary(log, 'RevokeAlert', async (request) => {
      const input = parseRequest(revokeAlertRequest, request);
      const alert = await act(context, { type: 'RevokeAlert', alertId: input.alertId, by: agency, now: now(), reason: input.reason });
      log.info({ alert: alert.id }, 'alert revoked');
      return { alert: toAlert(alert) };
    }),
  };
}
