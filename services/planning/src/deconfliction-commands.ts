/**
 * Blind deconfliction over gRPC: register target identifiers (normalised, kept in this agency's
 * store), list them, and list the notices of matches with other agencies.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { DeconflictionNotice, PlanningServiceServer } from '@concord/contracts/planning';
import { Code, ConcordError } from '@concord/errors';
import { textField, unary } from '@concord/service-kit';
import { IdentifierKind, normaliseIdentifier } from '@concord/identifiers';
import { requirePlanningParticipant } from './domain/national-action.js';
import type { DeconflictionReactor } from './deconfliction-reactor.js';
import { actionKind, identifierKind } from './grpc-mapping.js';
import { requireOperation, type PlanningContext } from './planning-context.js';
import { actionKey, privateActionSchema, registrationKey, registrationSchema, type PrivateAction, type StoredRegistration } from './private-records.js';
import { actionId, operationId, operationIdRequest, parseRequest } from './request-schemas.js';

const registerRequest = z.object({
  operationId,
  actionId,
  kind: z.number().transform((value, ctx) => {
    const kind = identifierKind.fromProto(value);
    if (!kind || kind === IdentifierKind.Place) {
      ctx.addIssue({ code: 'custom', message: 'must be VESSEL_IMO, VESSEL_MMSI, PASSPORT, PHONE or NAME_DOB (places come from released actions)' });
      return z.NEVER;
    }
    return kind;
  }),
  value: textField({ max: 300, required: 'is required' }),
  contact: textField({ max: 500, required: 'is required: whom the other agency should call' }),
});

type DeconflictionHandlers = Pick<PlanningServiceServer, 'registerTarget' | 'listTargets' | 'listNotices'>;

const toRegistration = (r: StoredRegistration) => ({ id: r.ref, operationId: r.operationId, actionId: r.actionId, kind: identifierKind.toProto(r.kind), value: r.value, contact: r.contact });

export interface Deconfliction {
  readonly handlers: DeconflictionHandlers;
  /** Registers a released action's place, so actions at the same place in overlapping windows are noticed. */
  readonly registerPlace: (action: PrivateAction) => Promise<void>;
}

export function deconfliction(context: PlanningContext, reactor: DeconflictionReactor): Deconfliction {
  const { agency, trust, projection, store, log } = context;
  const country = trust.agencies.find((a) => a.id === agency)?.country;

  const register = (registration: StoredRegistration) => reactor.register(registration);

  const handlers: DeconflictionHandlers = {
    registerTarget: unary(log, 'RegisterTarget', async (request) => {
      const input = parseRequest(registerRequest, request);
      const lifecycle = requireOperation(context, input.operationId);
      requirePlanningParticipant(lifecycle, agency);
      const action = await store.get(actionKey(input.actionId), privateActionSchema);
      if (action?.operationId !== input.operationId) throw ConcordError.invalid([{ path: 'action_id', message: `${agency} has no action ${input.actionId} in this operation` }]);
      const normalised = normaliseIdentifier(input.kind, input.value, country);
      if (!normalised.ok) throw ConcordError.invalid([normalised.violation], 'invalid identifier');
      if (!projection.view(input.operationId).deconfliction.key) {
        const agreed = lifecycle.status === 'agreed' || lifecycle.status === 'active';
        throw new ConcordError(
          Code.FailedPrecondition,
          agreed ? "the operation's deconfliction key has not reached this agency yet; try again in a moment" : 'deconfliction opens once every participant has agreed the operation',
        );
      }
      const registration: StoredRegistration = { ref: randomUUID(), operationId: input.operationId, actionId: input.actionId, kind: input.kind, value: normalised.value, contact: input.contact };
      await register(registration);
      log.info({ operation: input.operationId, registration: registration.ref, kind: input.kind }, 'target registered');
      return { registration: toRegistration(registration) };
    }),

    listTargets: unary(log, 'ListTargets', async (request) => {
      const { operationId } = parseRequest(operationIdRequest, request);
      await context.teams.requireReader(operationId);
      const registrations = (await store.list('target', registrationSchema)).filter((r) => r.operationId === operationId);
      return { registrations: registrations.map(toRegistration) };
    }),

    listNotices: unary(log, 'ListNotices', async (request) => {
      const { operationId } = parseRequest(operationIdRequest, request);
      requireOperation(context, operationId);
      await context.teams.requireReader(operationId);
      const received = projection.view(operationId).deconfliction.matches.filter((m) => m.to === agency);
      const notices: DeconflictionNotice[] = [];
      for (const match of received) {
        const mine = await store.get(registrationKey(match.ref), registrationSchema);
        notices.push({
          id: `${match.by}:${match.matchedRef}:${match.ref}`,
          operationId,
          scope: match.scope,
          myRegistrationId: match.ref,
          myActionId: mine?.actionId ?? '',
          otherAgency: match.by,
          otherActionId: match.action.id,
          otherActionKind: actionKind.toProto(match.action.kind),
          otherActionWindow: { ...match.action.window },
          otherContact: match.contact,
          detectedAt: match.at,
        });
      }
      return { notices };
    }),
  };

  return {
    handlers,
    registerPlace: async (action) => {
      if (!action.location || !projection.view(action.operationId).deconfliction.key) return;
      await register({ ref: randomUUID(), operationId: action.operationId, actionId: action.shared.id, kind: IdentifierKind.Place, value: action.location, window: action.shared.window, contact: action.leadUnit });
    },
  };
}
