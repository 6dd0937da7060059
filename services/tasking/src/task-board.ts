/**
 * This agency's tasks: kept in its private store (a key-value bucket of the internal account, never
 * exported) and in memory for reads, watches and deadlines. Only this agency's tasking service writes
 * them, so memory and store never disagree after a write has resolved.
 */
import { z } from 'zod';
import type { PrivateStore } from '@concord/service-kit';
import { taskStatuses, type TaskRecord } from './domain/task.js';

const date = z.coerce.date();
const storedTaskSchema = z.object({
  id: z.string(),
  actionId: z.string(),
  requestId: z.string(),
  title: z.string(),
  team: z.string(),
  assignee: z.string(),
  resources: z.array(z.string()),
  instructions: z.string(),
  communications: z.string(),
  dueAt: date.optional(),
  status: z.enum(taskStatuses),
  reason: z.string(),
  blockedFrom: z.enum(taskStatuses).optional(),
  createdAt: date,
  updatedAt: date,
  history: z.array(z.object({ status: z.enum(taskStatuses), at: date, reason: z.string() })),
});

const keyOf = (taskId: string) => `task.${taskId}`;

export class TaskBoard {
  readonly #tasks = new Map<string, TaskRecord>();
  readonly #listeners = new Set<(task: TaskRecord) => void>();

  private constructor(private readonly store: PrivateStore) {}

  static async open(store: PrivateStore): Promise<TaskBoard> {
    const board = new TaskBoard(store);
    for (const task of await store.list('task', storedTaskSchema)) board.#tasks.set(task.id, task);
    return board;
  }

  get(taskId: string): TaskRecord | undefined {
    return this.#tasks.get(taskId);
  }

  all(): TaskRecord[] {
    return [...this.#tasks.values()];
  }

  subscribe(listener: (task: TaskRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stores the task, then shows it: a change is visible only once it is safe. */
  async save(task: TaskRecord): Promise<TaskRecord> {
    await this.store.put(keyOf(task.id), task);
    this.#tasks.set(task.id, task);
    for (const listener of this.#listeners) listener(task);
    return task;
  }
}
