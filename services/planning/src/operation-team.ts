/**
 * Need to know inside the agency: each operation's team, the people who may read its private records
 * (actions' private fields, registered targets, deconfliction notices, tasks). Kept in the planning
 * store (`team.<operation>`), never shared. Whoever creates or accepts an operation joins its team;
 * planners add and remove others. Reads outside a call (a peer's delivery, a timer) are the
 * service's own and need no team.
 */
import { z } from 'zod';
import { currentCaller } from '@concord/access';
import { Code, ConcordError } from '@concord/errors';
import type { PrivateStore } from '@concord/service-kit';

const teamSchema = z.object({ members: z.array(z.string().min(1).max(200)).max(500) });
const teamKey = (operationId: string) => `team.${operationId}`;

export class OperationTeams {
  constructor(
    private readonly store: PrivateStore,
    private readonly agency: string,
  ) {}

  async members(operationId: string): Promise<string[]> {
    return (await this.store.get(teamKey(operationId), teamSchema))?.members ?? [];
  }

  async add(operationId: string, username: string): Promise<string[]> {
    const members = await this.members(operationId);
    if (members.includes(username)) return members;
    const next = [...members, username].sort();
    await this.store.put(teamKey(operationId), { members: next });
    return next;
  }

  async remove(operationId: string, username: string): Promise<string[]> {
    const members = await this.members(operationId);
    if (!members.includes(username)) throw new ConcordError(Code.NotFound, `${username} is not on the team of operation ${operationId} in ${this.agency}`);
    const next = members.filter((m) => m !== username);
    await this.store.put(teamKey(operationId), { members: next });
    return next;
  }

  /** The caller of the call being served joins the operation's team (they created or accepted it). */
  async addCaller(operationId: string): Promise<void> {
    const caller = currentCaller();
    if (caller) await this.add(operationId, caller.username);
  }

  /** Whether `username` (default: the caller being served) may read the operation's private records. */
  async mayRead(operationId: string, username = currentCaller()?.username): Promise<boolean> {
    if (username === undefined) return true;
    return (await this.members(operationId)).includes(username);
  }

  /** Refuses, naming what to do, when the caller is not on the operation's team. */
  async requireReader(operationId: string): Promise<void> {
    if (await this.mayRead(operationId)) return;
    throw new ConcordError(Code.PermissionDenied, `${currentCaller()!.name} is not on the team of operation ${operationId} in ${this.agency}: a planner on it adds you (concord team add --op ${operationId} --user ${currentCaller()!.username})`);
  }
}
