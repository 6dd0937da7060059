/** An operation's team in this agency over gRPC: add, remove, list (planners). */
import { z } from 'zod';
import type { PlanningServiceServer } from '@concord/contracts/planning';
import { unary } from '@concord/service-kit';
import { requireOperation, type PlanningContext } from './planning-context.js';
import { operationId, operationIdRequest, parseRequest } from './request-schemas.js';

type TeamHandlers = Pick<PlanningServiceServer, 'addTeamMember' | 'removeTeamMember' | 'listTeam'>;

const memberRequest = z.object({ operationId, username: z.string().regex(/^[A-Za-z0-9._@-]{1,200}$/, 'must be a username such as piet or piet@au.example') });

export function teamHandlers(context: PlanningContext): TeamHandlers {
  const { teams, log } = context;
  /** A team exists for an operation this agency knows (proposed or received); see requireManager for who changes it. */
  const known = async (id: string) => {
    requireOperation(context, id);
    await teams.requireManager(id);
  };
  return {
    addTeamMember: unary(log, 'AddTeamMember', async (request) => {
      const input = parseRequest(memberRequest, request);
      await known(input.operationId);
      return { members: await teams.add(input.operationId, input.username) };
    }),
    removeTeamMember: unary(log, 'RemoveTeamMember', async (request) => {
      const input = parseRequest(memberRequest, request);
      await known(input.operationId);
      return { members: await teams.remove(input.operationId, input.username) };
    }),
    listTeam: unary(log, 'ListTeam', async (request) => {
      const { operationId: id } = parseRequest(operationIdRequest, request);
      requireOperation(context, id);
      return { members: await teams.members(id) };
    }),
  };
}
