/**
 * The originator's side over gRPC: publish, update and revoke. Whatever the request, the content goes
 * out sealed for exactly the agencies named (or the operation's other participants), and its copies
 * follow each new version or the revocation.
 */
import { randomUUID } from 'node:crypto';
import type { IntelServiceServer } from '@concord/contracts/intel';
import { Code, ConcordError } from '@concord/errors';
import { findAgency } from '@concord/manifest';
import { parseRequest, unary } from '@concord/service-kit';
import { toAlert } from './grpc-mapping.js';
import { publishIntel, requireAlert, requireOwn, type IntelContext } from './intel-context.js';
import { publishAlertRequest, revokeAlertRequest, updateAlertRequest } from './request-schemas.js';

type AlertCommands = Pick<IntelServiceServer, 'publishAlert' | 'updateAlert' | 'revokeAlert'>;

const day = 24 * 60 * 60_000;
export const defaultLifetimeMs = 30 * day;
export const maxLifetimeMs = 90 * day;

export function alertCommands(context: IntelContext): AlertCommands {
  const { agency, trust, now, log } = context;

  const expiryOf = (requested: Date | undefined, field: string): string => {
    const at = now().getTime();
    const expiresAt = requested ?? new Date(at + defaultLifetimeMs);
    if (expiresAt.getTime() <= at) throw ConcordError.invalid([{ path: field, message: 'must be in the future' }], 'invalid request');
    if (expiresAt.getTime() > at + maxLifetimeMs) throw ConcordError.invalid([{ path: field, message: 'must be at most 90 days ahead' }], 'invalid request');
    return expiresAt.toISOString();
  };

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
      const alertId = randomUUID();
      await publishIntel(context, 'alert.version', { alertId }, { ...input.content, version: 1, label: input.label, expiresAt: expiryOf(input.expiresAt, 'expires_at') }, recipients);
      log.info({ alert: alertId, label: input.label, recipients }, 'alert published');
      return { alert: toAlert(requireAlert(context, alertId)) };
    }),

    updateAlert: unary(log, 'UpdateAlert', async (request) => {
      const input = parseRequest(updateAlertRequest, request);
      const record = requireOwn(context, input.alertId);
      const version = {
        version: record.version + 1,
        label: input.label ?? record.label,
        expiresAt: input.expiresAt ? expiryOf(input.expiresAt, 'expires_at') : record.expiresAt.toISOString(),
      };
      await publishIntel(context, 'alert.version', { alertId: record.id }, { ...input.content, ...version }, [...record.recipients]);
      return { alert: toAlert(requireAlert(context, record.id)) };
    }),

    revokeAlert: unary(log, 'RevokeAlert', async (request) => {
      const input = parseRequest(revokeAlertRequest, request);
      const record = requireAlert(context, input.alertId);
      if (record.origin !== agency) throw new ConcordError(Code.PermissionDenied, `alert ${record.id} was published by ${record.origin}; only it may revoke it`);
      if (record.status === 'revoked') throw new ConcordError(Code.FailedPrecondition, `alert ${record.id} is already revoked`);
      const revokedAlert = { version: record.version, label: record.label, expiresAt: record.expiresAt.toISOString(), publishedAt: record.publishedAt.toISOString() };
      await publishIntel(context, 'alert.revoked', { alertId: record.id }, { reason: input.reason, revokedAlert }, [...record.recipients]);
      log.info({ alert: record.id }, 'alert revoked');
      return { alert: toAlert(requireAlert(context, record.id)) };
    }),
  };
}
