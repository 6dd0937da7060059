import { describe, expect, it } from 'vitest';
import { Code, ConcordError } from '@concord/errors';
import { applied, decided, ignored, refuse, type Decider } from './decider.js';
import { Projection } from './projection.js';
import { decideOne, eventsOf, refusalError } from './refusal-error.js';

// A counter per key, small enough to show every part of the shape.
type Command = { readonly type: 'add'; readonly key: string; readonly amount: number };
type Event = { readonly type: 'added'; readonly key: string; readonly amount: number };
type State = { readonly total: number };

const counter: Decider<Command, Event, State> = {
  initialState: () => ({ total: 0 }),
  decide: (command, state) => {
    if (command.amount <= 0) return refuse.invalid([{ path: 'amount', message: 'must be positive' }]);
    if (state.total + command.amount > 10) return refuse.precondition(`${command.key} is full`);
    return decided({ type: 'added', key: command.key, amount: command.amount });
  },
  evolve: (state, event) => (state.total + event.amount > 10 ? ignored(state, 'would overflow') : applied({ total: state.total + event.amount })),
};

describe('refusalError', () => {
  it('maps each kind of refusal to its status code, invalid fields named', () => {
    const invalid = refusalError({ kind: 'invalid', subject: 'invalid input', violations: [{ path: 'amount', message: 'must be positive' }] });
    expect([invalid.code, invalid.message, invalid.violations.map((v) => v.path)]).toEqual([Code.InvalidArgument, 'invalid input: amount: must be positive', ['amount']]);
    expect(refusalError({ kind: 'not-found', message: 'x' }).code).toBe(Code.NotFound);
    expect(refusalError({ kind: 'already-exists', message: 'x' }).code).toBe(Code.AlreadyExists);
    expect(refusalError({ kind: 'denied', message: 'x' }).code).toBe(Code.PermissionDenied);
    expect(refusalError({ kind: 'precondition', message: 'x' }).code).toBe(Code.FailedPrecondition);
  });

  it('eventsOf throws a refusal as a ConcordError and passes events through', () => {
    expect(eventsOf(counter.decide({ type: 'add', key: 'a', amount: 2 }, { total: 0 }))).toEqual([{ type: 'added', key: 'a', amount: 2 }]);
    expect(() => eventsOf(counter.decide({ type: 'add', key: 'a', amount: 9 }, { total: 5 }))).toThrow(new ConcordError(Code.FailedPrecondition, 'a is full'));
  });

  it('decideOne refuses a decision of several events as internal', () => {
    const twice: Decider<Command, Event, State> = { ...counter, decide: (c) => decided({ ...c, type: 'added' }, { ...c, type: 'added' }) };
    expect(() => decideOne(twice, { type: 'add', key: 'a', amount: 1 }, { total: 0 })).toThrow(expect.objectContaining({ code: Code.Internal }));
  });
});

describe('Projection', () => {
  it('folds events per key and tells listeners of each change', () => {
    const projection = new Projection(counter, (event) => event.key);
    const heard: string[] = [];
    projection.subscribe((state, event) => heard.push(`${event.key}=${state.total}`));
    projection.apply({ type: 'added', key: 'a', amount: 3 });
    projection.apply({ type: 'added', key: 'b', amount: 1 });
    projection.apply({ type: 'added', key: 'a', amount: 4 });
    expect([projection.state('a').total, projection.state('b').total, projection.state('c').total]).toEqual([7, 1, 0]);
    expect(heard).toEqual(['a=3', 'b=1', 'a=7']);
    expect([projection.has('a'), projection.has('c')]).toEqual([true, false]);
  });

  it('judges without folding, and an ignored event changes nothing and is not announced', () => {
    const projection = new Projection(counter, (event) => event.key);
    projection.apply({ type: 'added', key: 'a', amount: 8 });
    const heard: number[] = [];
    projection.subscribe((state) => heard.push(state.total));
    expect(projection.judge({ type: 'added', key: 'a', amount: 1 })).toEqual({ state: { total: 9 } });
    expect(projection.state('a').total).toBe(8);
    expect(projection.apply({ type: 'added', key: 'a', amount: 5 })).toEqual({ state: { total: 8 }, ignored: 'would overflow' });
    expect([projection.state('a').total, heard]).toEqual([8, []]);
  });
});
