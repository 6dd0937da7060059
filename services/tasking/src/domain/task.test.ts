import { describe, expect, it } from 'vitest';
import { applyTransition, isOverdue, type TaskRecord, type TaskTransition } from './task.js';

const at = new Date('2027-03-02T00:00:00Z');
const created: TaskRecord = { id: 't1', actionId: 'a1', requestId: '', title: 'Board KM Bintang', team: 'Water police', assignee: 'Sgt Rahman', resources: [], instructions: '', communications: '', status: 'created', reason: '', createdAt: at, updatedAt: at, history: [{ status: 'created', at, reason: '' }] };
const run = (...steps: Array<[TaskTransition, string?]>) => steps.reduce((task, [t, reason = '']) => applyTransition(task, t, { reason, at }), created);

describe('task lifecycle', () => {
  it('given a new task, when assigned, accepted, started and completed, then it is done with its history', () => {
    const done = run(['assign'], ['accept'], ['start'], ['complete']);
    expect(done.status).toBe('done');
    expect(done.history.map((h) => h.status)).toEqual(['created', 'assigned', 'accepted', 'in-progress', 'done']);
  });

  it('given a task in progress, when blocked and resumed, then it is in progress again', () => {
    const blocked = run(['assign'], ['accept'], ['start'], ['block', 'waiting for a warrant']);
    expect(blocked).toMatchObject({ status: 'blocked', reason: 'waiting for a warrant', blockedFrom: 'in-progress' });
    expect(applyTransition(blocked, 'resume', { reason: '', at })).toMatchObject({ status: 'in-progress', reason: '' });
  });

  it('refuses done before accepted, reopening a cancelled task, and blocking without a reason', () => {
    expect(() => run(['assign'], ['complete'])).toThrow('task t1 is assigned: it can complete only when in-progress (a task is accepted and started before it is done)');
    expect(() => run(['cancel', 'duplicate'], ['assign'])).toThrow('task t1 is cancelled: a cancelled task cannot be reopened');
    expect(() => run(['assign'], ['block'])).toThrow('invalid request: reason: is required to block a task');
    expect(() => run(['assign'], ['accept'], ['start'], ['complete'], ['cancel', 'late'])).toThrow('task t1 is done: it cannot cancel');
  });

  it('is overdue past its due time until done or cancelled', () => {
    const due = { ...created, dueAt: new Date('2027-03-01T00:00:00Z') };
    expect(isOverdue(due, at)).toBe(true);
    expect(isOverdue({ ...due, status: 'done' }, at)).toBe(false);
    expect(isOverdue(created, at)).toBe(false);
  });
});
