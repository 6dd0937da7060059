/**
 * Need to know for tasks: a task tied to a national action is readable only by the people on the
 * team of that action's operation (planning keeps the teams and answers on the agency's own server);
 * a task answering another agency's request belongs to no operation team. Outside a call (a timer, a
 * delivery) the service reads for itself.
 */
import { currentCaller } from '@concord/access';
import { askInternal, InternalSubjects, teamReadableAnswerSchema } from '@concord/federation';
import type { NatsConnection } from 'nats';

export interface TaskReader {
  /** Whether the caller may read a task; asks planning once per action. */
  allows(task: { readonly actionId: string }): Promise<boolean>;
}

export function taskReader(nc: NatsConnection): TaskReader {
  const username = currentCaller()?.username;
  const known = new Map<string, boolean>();
  const ask = async (actionIds: readonly string[]) => {
    if (actionIds.length === 0 || username === undefined) return;
    const { readable } = await askInternal(nc, InternalSubjects.teamReadable, { actionIds, username }, teamReadableAnswerSchema, 'planning');
    const allowed = new Set(readable);
    for (const id of actionIds) known.set(id, allowed.has(id));
  };
  return {
    async allows(task) {
      if (!task.actionId || username === undefined) return true;
      if (!known.has(task.actionId)) await ask([task.actionId]);
      return known.get(task.actionId) === true;
    },
  };
}

/** The tasks of `tasks` the caller may read, asking planning once for all their actions. */
export async function readableTasks<T extends { readonly actionId: string }>(nc: NatsConnection, tasks: readonly T[]): Promise<T[]> {
  const username = currentCaller()?.username;
  if (username === undefined) return [...tasks];
  const actionIds = [...new Set(tasks.map((t) => t.actionId).filter(Boolean))];
  const readable = actionIds.length === 0 ? new Set<string>() : new Set((await askInternal(nc, InternalSubjects.teamReadable, { actionIds, username }, teamReadableAnswerSchema, 'planning')).readable);
  return tasks.filter((t) => !t.actionId || readable.has(t.actionId));
}
