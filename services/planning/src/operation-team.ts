/**
 * Need to know inside the agency: each operation's team, the people who may read its private records
 * (actions' private fields, registered targets, deconfliction notices, tasks). Kept in the planning
 * store (`team.<operation>`), never shared. Whoever creates or accepts an operation joins its team;
 * its members (and supervisors) add and remove others; the first member of an empty team may add
 * themself. Reads outside a call (a peer's delivery, a timer) are the
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

  /**
   * Who may change a team: its members, a supervisor, or anyone while it is empty (an operation
   * received but not yet accepted has nobody on it, and someone must be first).
   */
  async requireManager(operationId: string): Promise<void> {
    const caller = currentCaller();
    if (!caller || caller.roles.has('supervisor')) return;
    const members = await this.members(operationId);
    if (members.length === 0 || members.includes(caller.username)) return;
    throw new ConcordError(Code.PermissionDenied, `${caller.name} is not on the team of operation ${operationId} in ${this.agency}: a planner on it, or a supervisor, changes it`);
  }

  /** Refuses, naming what to do, when the caller is not on the operation's team. */
  async requireReader(operationId: string): Promise<void> {
    if (await this.mayRead(operationId)) return;
    throw new ConcordError(Code.PermissionDenied, `${currentCaller()!.name} is not on the team of operation ${operationId} in ${this.agency}: a planner on it adds you (concord team add --op ${operationId} --user ${currentCaller()!.username})`);
  }
}
