/**
 * Runs the blind deconfliction exchange for this agency, one operation at a time, after every event
 * that could change it and after every registration. Idempotent: it compares what should have been
 * sent with what this agency's store shows it sent, and sends only the difference, so running it twice
 * (or after a restart) sends nothing twice.
 *  - As the lead, once the operation is agreed: hands the operation key (sealed) to every participant
 *    that lacks it. An agency that declines never holds it; one added later gets it at re-agreement.
 *  - Sends each peer the tokens of registrations it has not yet sent that peer.
 *  - Compares the tokens each peer sent with its own registrations; on a match not yet announced,
 *    tells that peer which of its actions matches and whom to call.
 */
import { randomBytes } from 'node:crypto';
import type { AgencyIdentity } from '@concord/identity';
import { findMatches, pairKey, token, type Registration } from './domain/deconfliction.js';
import { matchScopeOf } from '@concord/identifiers';
import { leadOf } from './domain/operation.js';
import { publishPlanningEvent, type PlanningContext } from './planning-context.js';
import { actionKey, privateActionSchema, registrationKey, registrationSchema, type StoredRegistration } from './private-records.js';

export class DeconflictionReactor {
  readonly #running = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();
  readonly #pairKeys = new Map<string, Buffer>();
  /** This agency's registrations by operation: read from the store once, then kept here (only we write them). */
  #registrations: Promise<Map<string, Registration[]>> | undefined;

  constructor(
    private readonly context: PlanningContext,
    private readonly identity: AgencyIdentity,
  ) {}

  /** Stores a new registration and runs the exchange for its operation. */
  async register(registration: StoredRegistration): Promise<void> {
    await this.context.store.put(registrationKey(registration.ref), registration);
    (await this.#registrationsOf(registration.operationId)).push(registration);
    await this.schedule(registration.operationId);
  }

  async #registrationsOf(operationId: string): Promise<Registration[]> {
    this.#registrations ??= this.context.store.list('target', registrationSchema).then((all) => {
      const byOperation = new Map<string, Registration[]>();
      for (const registration of all) byOperation.set(registration.operationId, [...(byOperation.get(registration.operationId) ?? []), registration]);
      return byOperation;
    });
    const byOperation = await this.#registrations;
    let list = byOperation.get(operationId);
    if (!list) {
      list = [];
      byOperation.set(operationId, list);
    }
    return list;
  }

  /** Runs the exchange for an operation soon; calls while it runs make it run once more after. */
  schedule(operationId: string): Promise<void> {
    const running = this.#running.get(operationId);
    if (running) {
      this.#again.add(operationId);
      return running;
    }
    const run = (async () => {
      do {
        this.#again.delete(operationId);
        try {
          await this.#reconcile(operationId);
        } catch (error) {
          this.context.log.warn({ err: error, operation: operationId }, 'deconfliction exchange failed; retried on the next event');
        }
      } while (this.#again.has(operationId));
    })().finally(() => this.#running.delete(operationId));
    this.#running.set(operationId, run);
    return run;
  }

  async #reconcile(operationId: string): Promise<void> {
    const { agency, projection, store, now } = this.context;
    const view = projection.view(operationId);
    if (view.lifecycle.status === 'absent') return;
    const { operation } = view.lifecycle;
    const { deconfliction } = view;

    const agreed = view.lifecycle.status === 'agreed' || view.lifecycle.status === 'active';
    if (agreed && leadOf(operation) === agency && operation.participants.some((p) => !deconfliction.keyHolders.includes(p))) {
      const key = deconfliction.key ?? randomBytes(32);
      await publishPlanningEvent(this.context, { type: 'deconfliction.key', by: agency, operationId, key, holders: [...operation.participants], at: now() }, operation.participants);
      return;
    }
    if (!operation.participants.includes(agency) || !deconfliction.key) return;

    const registrations = await this.#registrationsOf(operationId);
    for (const peer of operation.participants.filter((p) => p !== agency)) {
      const key = this.#pairKey(operationId, deconfliction.key, peer);
      const sent = new Set(deconfliction.tokens.filter((t) => t.by === agency && t.to === peer).flatMap((t) => t.entries.map((e) => e.ref)));
      const unsent = registrations.filter((r) => !sent.has(r.ref));
      if (unsent.length > 0) {
        const entries = unsent.map((r) => ({ ref: r.ref, token: token(key, agency, r.kind, r.value), scope: matchScopeOf(r.kind), ...(r.window ? { window: r.window } : {}) }));
        await publishPlanningEvent(this.context, { type: 'deconfliction.tokens', by: agency, operationId, to: peer, entries, at: now() }, [peer]);
      }
      const received = deconfliction.tokens.filter((t) => t.by === peer && t.to === agency).flatMap((t) => t.entries);
      const announced = new Set(deconfliction.matches.filter((m) => m.by === agency && m.to === peer).map((m) => `${m.matchedRef}|${m.ref}`));
      for (const match of findMatches(registrations, received, (r) => token(key, peer, r.kind, r.value))) {
        if (announced.has(`${match.myRef}|${match.theirRef}`)) continue;
        const registration = registrations.find((r) => r.ref === match.myRef)!;
        const action = await store.get(actionKey(registration.actionId), privateActionSchema);
        if (!action) continue;
        await publishPlanningEvent(
          this.context,
          {
            type: 'deconfliction.match',
            by: agency,
            operationId,
            to: peer,
            ref: match.theirRef,
            matchedRef: match.myRef,
            scope: matchScopeOf(registration.kind),
            action: { id: action.shared.id, kind: action.shared.kind, window: action.shared.window },
            contact: registration.contact,
            at: now(),
          },
          [peer],
        );
        this.context.log.info({ operation: operationId, peer, scope: matchScopeOf(registration.kind) }, 'deconfliction match announced');
      }
    }
  }

  #pairKey(operationId: string, operationKey: Buffer, peer: string): Buffer {
    const cacheKey = `${operationId}|${peer}|${operationKey.toString('base64url')}`;
    let key = this.#pairKeys.get(cacheKey);
    if (!key) {
      const peerAgency = this.context.trust.agencies.find((a) => a.id === peer);
      if (!peerAgency) throw new Error(`${peer} is not in the manifest`);
      key = pairKey(operationKey, operationId, { agency: this.context.agency, encryptionKey: this.identity.encryptionKey }, { agency: peer, encryptionKey: peerAgency.keys.encryption });
      this.#pairKeys.set(cacheKey, key);
    }
    return key;
  }
}
