/**
 * Need to know for tasks: a task tied to a national action is readable only by the people on the
 * team of that action's operation (planning keeps the teams and answers on the agency's own server);
 * a task answering another agency's request belongs to no operation team. Outside a call (a timer, a
 * delivery) the service reads for itself.
 */
import { currentCaller } from '@concord/access';
import { askInternal, InternalSubjects, teamReadableAnswerSchema } from '@concord/federation';
import type { NatsConnection } from 'nats';

type Tied = { readonly actionId: string };

export interface TaskReader {
  /** The tasks the caller may read, asking planning once for the actions not asked about yet. */
  readable<T extends Tied>(tasks: readonly T[]): Promise<T[]>;
  /** Whether the caller may read one task. */
  allows(task: Tied): Promise<boolean>;
}

/** The caller of the call being served, as a reader of tasks; answers are kept for the call. */
export function taskReader(nc: NatsConnection): TaskReader {
  const username = currentCaller()?.username;
  const known = new Map<string, boolean>();
  const readable = async <T extends Tied>(tasks: readonly T[]): Promise<T[]> => {
    if (username === undefined) return [...tasks];
    const unknown = [...new Set(tasks.map((t) => t.actionId).filter((id) => id && !known.has(id)))];
    if (unknown.length > 0) {
      const allowed = new Set((await askInternal(nc, InternalSubjects.teamReadable, { actionIds: unknown, username }, teamReadableAnswerSchema, 'planning')).readable);
      for (const id of unknown) known.set(id, allowed.has(id));
    }
    return tasks.filter((t) => !t.actionId || known.get(t.actionId) === true);
  };
  return { readable, allows: async (task) => (await readable([task])).length === 1 };
}
