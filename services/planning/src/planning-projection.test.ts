import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatHlc } from '@concord/clock';
import type { StoredEvent } from '@concord/federation';
import type { PlanningEvent } from './domain/planning-event.js';
import { PlanningProjection } from './planning-projection.js';

const participants = ['AU', 'ID', 'TH', 'MY'];
const everyone = [...participants, 'NZ'];
const operationId = 'op-1';
const day = (n: number) => new Date(Date.UTC(2027, 2, n));
const operation = (version: number, period: number) => ({ id: operationId, version, name: 'Coral Tide', coChairs: ['AU', 'ID'], participants, supporters: [], period: { start: day(period), end: day(period + 20) } });

/** One thing an agency may say, valid or not in the state it meets. */
const step = fc.oneof(
  fc.record({ kind: fc.constant('respond' as const), by: fc.constantFrom(...everyone), version: fc.constantFrom(1, 2, 3), accept: fc.boolean() }),
  fc.record({ kind: fc.constant('change' as const), by: fc.constantFrom('AU', 'ID', 'TH'), version: fc.constantFrom(2, 3), period: fc.constantFrom(1, 5) }),
  fc.record({ kind: fc.constant('transition' as const), by: fc.constantFrom('AU', 'ID'), version: fc.constantFrom(1, 2, 3), type: fc.constantFrom('operation.agreed', 'operation.activated', 'operation.concluded') }),
  fc.record({ kind: fc.constant('action' as const), by: fc.constantFrom(...everyone), action: fc.integer({ min: 0, max: 3 }), update: fc.boolean(), status: fc.constantFrom('planned', 'started', 'completed', 'cancelled') }),
  fc.record({ kind: fc.constant('milestone' as const), by: fc.constantFrom('AU', 'ID', 'TH'), milestone: fc.integer({ min: 0, max: 2 }), cancel: fc.boolean() }),
);

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** The domain event one step says, issued by its agency at `at`. */
function eventOf(s: Step, at: Date): PlanningEvent {
  const by = s.by;
  switch (s.kind) {
    case 'respond':
      return s.accept
        ? { type: 'operation.accepted', by, operationId, version: s.version, participant: by, at }
        : { type: 'operation.declined', by, operationId, version: s.version, participant: by, reason: 'no', at };
    case 'change':
      return { type: 'operation.changed', by, operation: operation(s.version, s.period), at };
    case 'transition':
      return { type: s.type, by, operationId, version: s.version, at };
    case 'action': {
      const action = { id: `action-${by}-${s.action}`, agency: by, kind: 'border-check' as const, window: { start: day(2), end: day(3) }, jurisdiction: by, status: s.status, outsidePeriod: false };
      return { type: s.update ? 'action.updated' : 'action.released', by, operationId, action, at };
    }
    case 'milestone':
      return s.cancel
        ? { type: 'milestone.cancelled', by, operationId, milestoneId: `m${s.milestone}`, at }
        : { type: 'milestone.scheduled', by, operationId, milestone: { id: `m${s.milestone}`, kind: 'progression', title: 'Session', window: { start: day(4), end: day(5) }, location: '' }, at };
  }
}

interface Delivery {
  readonly stored: StoredEvent;
  readonly event: PlanningEvent;
}

/** The proposal, then each step at its own clock stamp (ties on the stamp are broken by agency and id). */
function scenario(steps: Array<{ step: Step; wall: number }>): Delivery[] {
  const stamped = (wall: number) => new Date(1_800_000_000_000 + wall);
  const proposal: PlanningEvent = { type: 'operation.proposed', by: 'AU', operation: operation(1, 1), at: stamped(0) };
  return [{ wall: 0, event: proposal }, ...steps.map(({ step: s, wall }) => ({ wall, event: eventOf(s, stamped(wall)) }))].map(({ wall, event }, index) => ({
    stored: {
      envelope: {
        v: 1,
        id: `event-${String(index).padStart(3, '0')}`,
        origin: event.by,
        capability: 'planning',
        type: 'sealed',
        scope: operationId,
        recipients: ['AU'],
        hlc: formatHlc({ wall: stamped(wall).getTime(), logical: 0 }),
        issuedAt: stamped(wall).toISOString(),
        body: {},
      },
      data: new Uint8Array(),
      signature: '',
      seq: index + 1,
    },
    event,
  }));
}

/** Everything a reader could see, in a form that compares by value. */
function observe(projection: PlanningProjection) {
  const timeline = projection.page({ pageSize: 10_000 }).items;
  const view = projection.view(operationId);
  const lifecycle = view.lifecycle.status === 'absent' ? 'absent' : { status: view.lifecycle.status, version: view.lifecycle.operation.version, responses: [...view.lifecycle.responses].map(([agency, r]) => `${agency}:${r.kind}`).sort() };
  return {
    order: timeline.map((item) => item.eventId),
    ignored: timeline.map((item) => projection.ignoredReason(item) ?? ''),
    lifecycle,
    actions: [...view.actions.values()].map((a) => `${a.id}:${a.status}`).sort(),
    milestones: [...view.milestones.values()].map((m) => `${m.milestone.id}:${m.cancelled}`).sort(),
  };
}

function deliver(deliveries: readonly Delivery[], checkpointEvery?: number): PlanningProjection {
  const projection = new PlanningProjection(undefined, checkpointEvery);
  // A read after every event, as services do: folding as they arrive must end where one fold ends.
  for (const { stored, event } of deliveries) {
    projection.apply(stored, event);
    projection.view(operationId);
  }
  return projection;
}

/** A scenario in store order, two other orders of the same events, and a checkpoint interval. */
const orders = fc.array(fc.record({ step, wall: fc.integer({ min: 1, max: 50 }) }), { maxLength: 40 }).chain((list) => {
  const events = scenario(list);
  const shuffled = fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length });
  return fc.tuple(fc.constant(events), shuffled, shuffled, fc.integer({ min: 1, max: 5 }));
});

describe('the shared timeline, delivered in any order', () => {
  it('ends, at every agency, with the same entries in the same order, the same state and the same ignored events', () => {
    fc.assert(
      fc.property(orders, ([inOrder, firstOrder, secondOrder]) => {
        const reference = observe(deliver(inOrder));
        expect(observe(deliver(firstOrder))).toEqual(reference);
        expect(observe(deliver(secondOrder))).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });

  it('ends the same when late entries are folded again from checkpoints taken every few entries', () => {
    fc.assert(
      fc.property(orders, ([inOrder, shuffled, , checkpointEvery]) => {
        expect(observe(deliver(shuffled, checkpointEvery))).toEqual(observe(deliver(inOrder)));
      }),
      { numRuns: 300 },
    );
  });

  it('folds a late entry again from the last checkpoint before it, not from the operation\'s first entry', () => {
    const steps = Array.from({ length: 1_000 }, (_, i) => ({ step: { kind: 'action' as const, by: participants[i % 4]!, action: i, update: false, status: 'planned' as const }, wall: 10 + i }));
    const [proposal, ...rest] = scenario(steps);
    const late = rest.splice(990, 1)[0]!;
    const projection = deliver([proposal!, ...rest]);
    expect(projection.refolded).toBe(0);
    projection.apply(late.stored, late.event);
    expect(projection.view(operationId).actions.size).toBe(1_000);
    // 1,001 entries, checkpoints every 256: the fold runs again from the 768th, over 233 entries.
    expect(projection.folds).toBe(1);
    expect(projection.refolded).toBe(1_001 - 768);
  });

  it('really does order by clock, then agency, then event id', () => {
    const [proposal, ...rest] = scenario([
      { step: { kind: 'respond', by: 'TH', version: 1, accept: true }, wall: 5 },
      { step: { kind: 'respond', by: 'ID', version: 1, accept: true }, wall: 5 },
      { step: { kind: 'milestone', by: 'AU', milestone: 0, cancel: false }, wall: 2 },
    ]);
    const projection = deliver([...rest].reverse().concat(proposal!));
    expect(projection.page({ pageSize: 10 }).items.map((i) => `${i.origin} ${i.type}`)).toEqual(['AU operation.proposed', 'AU milestone.scheduled', 'ID operation.accepted', 'TH operation.accepted']);
  });
});

describe('a watch of the timeline', () => {
  it('hears a burst of late entries once it is stored, so reading their ignored reasons folds once, not once per entry', async () => {
    const steps = Array.from({ length: 60 }, (_, i) => ({ step: { kind: 'action' as const, by: participants[i % 4]!, action: i % 4, update: i >= 4, status: 'planned' as const }, wall: 100 - i }));
    const [proposal, ...late] = scenario(steps);
    const projection = new PlanningProjection();
    projection.apply(proposal!.stored, proposal!.event);
    const heard: string[] = [];
    const told = new Promise<void>((resolve) =>
      projection.subscribe((items) => {
        for (const item of items) heard.push(`${item.eventId}:${projection.ignoredReason(item) ?? ''}`);
        if (heard.length === late.length) resolve();
      }),
    );
    const before = projection.folds;
    // Each lands before the one stored ahead of it (an earlier clock stamp): every one is late.
    for (const { stored, event } of late) projection.apply(stored, event);
    await told;
    expect(heard).toHaveLength(late.length);
    expect(projection.folds - before).toBe(1);
  });

  it('tells a watch opened inside a burst only what was stored after it opened: the rest it read with its backlog', async () => {
    const [proposal, first, second] = scenario([
      { step: { kind: 'action', by: 'ID', action: 0, update: false, status: 'planned' }, wall: 2 },
      { step: { kind: 'action', by: 'TH', action: 1, update: false, status: 'planned' }, wall: 3 },
    ]);
    const projection = new PlanningProjection();
    const early: string[] = [];
    projection.subscribe((items) => early.push(...items.map((item) => item.eventId)));
    projection.apply(proposal!.stored, proposal!.event);
    projection.apply(first!.stored, first!.event);
    // Opened before that burst is told: its backlog holds both entries.
    const backlog = projection.arrivedAfter(0, { kinds: [] }).map((item) => item.eventId);
    const late: string[] = [];
    projection.subscribe((items) => late.push(...items.map((item) => item.eventId)));
    projection.apply(second!.stored, second!.event);
    await new Promise((resolve) => setImmediate(resolve));
    expect(backlog).toEqual([proposal!.stored.envelope.id, first!.stored.envelope.id]);
    expect(late).toEqual([second!.stored.envelope.id]);
    expect(early).toEqual([...backlog, second!.stored.envelope.id]);
  });

  it('keeps telling the other watches when one throws, and reports the failure instead of ending the process', async () => {
    const [proposal] = scenario([]);
    const failures: unknown[] = [];
    const projection = new PlanningProjection((error) => failures.push(error));
    projection.subscribe(() => {
      throw new Error('stream already ended');
    });
    const heard: string[] = [];
    projection.subscribe((items) => heard.push(...items.map((item) => item.eventId)));
    projection.apply(proposal!.stored, proposal!.event);
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard).toEqual([proposal!.stored.envelope.id]);
    expect(failures).toEqual([new Error('stream already ended')]);
  });
});
