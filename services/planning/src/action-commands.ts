/**
 * National actions over gRPC. An action is planned in this agency's private store; its private details
 * (targets, locations, officers, notes, lead unit, place) never leave it. Releasing it publishes the
 * shared projection; later changes to its window or status are released as updates.
 */
import { randomUUID } from 'node:crypto';
import type { NationalAction, PlanningServiceServer } from '@concord/contracts/planning';
import { Code, ConcordError } from '@concord/errors';
import { alertAnswerSchema, askInternal, InternalSubjects } from '@concord/federation';
import { unary } from '@concord/service-kit';
import { actionViolations, checkStatusChange, flaggedFor, insidePeriod, requirePlanningParticipant, type SharedAction } from './domain/national-action.js';
import { membersOf } from './domain/operation.js';
import { toNationalAction } from './grpc-mapping.js';
import { publishPlanningEvent, requireOperation, type PlanningContext } from './planning-context.js';
import { actionKey, privateActionSchema, type PrivateAction } from './private-records.js';
import { operationIdRequest, parseRequest, planActionRequest, releaseActionRequest, updateActionRequest } from './request-schemas.js';

type ActionHandlers = Pick<PlanningServiceServer, 'planAction' | 'updateAction' | 'releaseAction' | 'listActions'>;

const toMessage = (record: PrivateAction): NationalAction => toNationalAction(record.operationId, record.shared, record.released, record);
/** What the operation's team sees; anyone else in the agency sees the shared projection only. */
const redacted = (record: PrivateAction): NationalAction => toNationalAction(record.operationId, record.shared, record.released);

/** `onReleased` runs after an action is released (the place of it is registered for deconfliction). */
export function actionHandlers(context: PlanningContext, onReleased: (action: PrivateAction) => Promise<void>): ActionHandlers {
  const { agency, projection, store, teams, now, log } = context;
  /** Actions are planned in the agency's own country (the manifest says which). */
  const country = context.trust.agencies.find((a) => a.id === agency)?.country;
  const shown = async (record: PrivateAction) => ((await teams.mayRead(record.operationId)) ? toMessage(record) : redacted(record));

  /** The alert an action acts on must be one this agency holds; its intel service says when it was published. */
  const heldAlert = async (alertId: string) => {
    const answer = await askInternal(context.nc, InternalSubjects.heldAlert, { alertId }, alertAnswerSchema, 'intel');
    if (!answer.ok) throw ConcordError.invalid([{ path: 'alert_id', message: answer.error }], 'invalid request');
    return { id: alertId, publishedAt: new Date(answer.publishedAt) };
  };

  const load = async (actionId: string): Promise<PrivateAction> => {
    const record = await store.get(actionKey(actionId), privateActionSchema);
    if (!record) throw new ConcordError(Code.NotFound, `${agency} has no action ${actionId}`);
    return record;
  };

  const release = async (record: PrivateAction, type: 'action.released' | 'action.updated', shared: SharedAction) => {
    const lifecycle = requireOperation(context, record.operationId);
    await publishPlanningEvent(context, { type, by: agency, operationId: record.operationId, action: shared, at: now() }, membersOf(lifecycle.operation));
  };

  return {
    planAction: unary(log, 'PlanAction', async (request) => {
      const input = parseRequest(planActionRequest, request);
      const lifecycle = requireOperation(context, input.operationId);
      requirePlanningParticipant(lifecycle, agency);
      const violations = actionViolations(input, country);
      if (violations.length > 0) throw ConcordError.invalid(violations, 'invalid action');
      const alert = input.alertId ? await heldAlert(input.alertId) : undefined;
      const record: PrivateAction = {
        operationId: input.operationId,
        shared: { id: randomUUID(), agency, kind: input.kind, window: input.window, jurisdiction: input.jurisdiction, status: 'planned', outsidePeriod: !insidePeriod(input.window, lifecycle.operation.period), ...(alert ? { alert } : {}) },
        released: false,
        leadUnit: input.leadUnit,
        location: input.location,
        details: input.details,
      };
      await store.put(actionKey(record.shared.id), record);
      log.info({ operation: input.operationId, action: record.shared.id, outsidePeriod: record.shared.outsidePeriod }, 'action planned');
      return { action: await shown(record) };
    }),

    updateAction: unary(log, 'UpdateAction', async (request) => {
      const input = parseRequest(updateActionRequest, request);
      const record = await load(input.actionId);
      const lifecycle = requireOperation(context, record.operationId);
      requirePlanningParticipant(lifecycle, agency);
      const window = input.window ?? record.shared.window;
      const status = input.status ?? record.shared.status;
      checkStatusChange(record.shared.status, status, window, now());
      const violations = actionViolations({ ...record.shared, window }, country);
      if (violations.length > 0) throw ConcordError.invalid(violations, 'invalid action');
      const shared: SharedAction = { ...record.shared, window, status, outsidePeriod: !insidePeriod(window, lifecycle.operation.period) };
      const updated: PrivateAction = {
        ...record,
        shared,
        leadUnit: input.leadUnit ?? record.leadUnit,
        location: input.location ?? record.location,
        details: input.details ?? record.details,
      };
      const sharedChanged = JSON.stringify(shared) !== JSON.stringify(record.shared);
      if (record.released && sharedChanged) await release(updated, 'action.updated', shared);
      await store.put(actionKey(input.actionId), updated);
      return { action: await shown(updated) };
    }),

    releaseAction: unary(log, 'ReleaseAction', async (request) => {
      const input = parseRequest(releaseActionRequest, request);
      const record = await load(input.actionId);
      if (record.released) throw new ConcordError(Code.FailedPrecondition, `action ${input.actionId} is released already; UpdateAction releases its changes`);
      const lifecycle = requireOperation(context, record.operationId);
      requirePlanningParticipant(lifecycle, agency);
      const outsidePeriod = !insidePeriod(record.shared.window, lifecycle.operation.period);
      if (outsidePeriod && !input.acknowledgeOutsidePeriod) {
        const { period } = lifecycle.operation;
        throw new ConcordError(
          Code.FailedPrecondition,
          `the action's window (${record.shared.window.start.toISOString()} to ${record.shared.window.end.toISOString()}) lies outside the designated period (${period.start.toISOString()} to ${period.end.toISOString()}); release it with acknowledge_outside_period to flag it, or change its window`,
        );
      }
      const shared: SharedAction = { ...record.shared, outsidePeriod };
      await release(record, 'action.released', shared);
      const released: PrivateAction = { ...record, shared, released: true };
      await store.put(actionKey(input.actionId), released);
      await onReleased(released);
      log.info({ operation: record.operationId, action: input.actionId, outsidePeriod }, 'action released');
      return { action: await shown(released) };
    }),

    listActions: unary(log, 'ListActions', async (request) => {
      const { operationId } = parseRequest(operationIdRequest, request);
      const { period } = requireOperation(context, operationId).operation;
      const view = (await teams.mayRead(operationId)) ? toMessage : redacted;
      // Stored flags date from the last release; the period may have moved since.
      const own = (await store.list('action', privateActionSchema))
        .filter((record) => record.operationId === operationId)
        .map((record) => view({ ...record, shared: flaggedFor(record.shared, period) }));
      const others = [...projection.view(operationId).actions.values()].filter((action) => action.agency !== agency).map((action) => toNationalAction(operationId, action, true));
      const actions = [...own, ...others].sort((a, b) => a.window!.start!.getTime() - b.window!.start!.getTime() || a.agency.localeCompare(b.agency) || a.id.localeCompare(b.id));
      return { actions };
    }),
  };
}
