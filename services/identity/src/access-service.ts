/**
 * AccessService: an agency's admins manage its people (add, list, roles, disable, enable) and rotate
 * the provider's signing key; anyone signed in asks who they are. Disabling a person also lists them
 * in the agency's disabled bucket, which every service watches.
 */
import type { KV } from 'nats';
import { z } from 'zod';
import { currentCaller, roleSchema, setDisabled } from '@concord/access';
import type { AccessServiceServer, User } from '@concord/contracts/access';
import { Code, ConcordError } from '@concord/errors';
import { listField, parseRequest, unary, type Logger } from '@concord/service-kit';
import { displayNameSchema, passwordSchema, usernameSchema, type StoredUser, type UserStore } from './user-store.js';

export interface AccessContext {
  readonly agency: string;
  readonly users: UserStore;
  readonly disabled: KV;
  readonly log: Logger;
  rotateKeys(): Promise<{ keyId: string; publishedKeyIds: string[] }>;
}

const rolesField = listField(roleSchema, { max: 6, unique: true });
const addUserRequest = z.object({ username: usernameSchema, displayName: displayNameSchema, roles: rolesField, password: passwordSchema, withTotp: z.boolean() });
const byUsername = z.object({ username: usernameSchema });
const setRolesRequest = z.object({ username: usernameSchema, roles: rolesField });

function toUser(user: StoredUser): User {
  return { username: user.username, subject: user.subject, displayName: user.displayName, roles: user.roles, disabled: user.disabled, totp: user.totpSecret !== undefined, createdAt: new Date(user.createdAt) };
}

export function accessHandlers(context: AccessContext): AccessServiceServer {
  const { users, log } = context;
  const setState = async (username: string, disabled: boolean) => {
    const user = users.require(username);
    if (disabled && user.subject === currentCaller()?.subject) throw new ConcordError(Code.FailedPrecondition, 'an admin cannot disable themself; ask another admin');
    // The bucket first: a crash between the two leaves the person refused, never let in.
    await setDisabled(context.disabled, user.subject, disabled);
    return { user: toUser(await users.update(username, { disabled })) };
  };
  return {
    whoAmI: unary(log, 'WhoAmI', () => {
      const caller = currentCaller()!;
      return { agency: caller.agency, subject: caller.subject, displayName: caller.name, roles: [...caller.roles], issuer: caller.issuer, expiresAt: caller.expiresAt };
    }),
    addUser: unary(log, 'AddUser', async (request) => {
      const input = parseRequest(addUserRequest, request);
      const { user, totpUri } = await users.add(input);
      return { user: toUser(user), totpUri: totpUri ?? '' };
    }),
    listUsers: unary(log, 'ListUsers', () => ({ users: users.list().map(toUser) })),
    setUserRoles: unary(log, 'SetUserRoles', async (request) => {
      const { username, roles } = parseRequest(setRolesRequest, request);
      return { user: toUser(await users.update(users.require(username).username, { roles })) };
    }),
    disableUser: unary(log, 'DisableUser', (request) => setState(parseRequest(byUsername, request).username, true)),
    enableUser: unary(log, 'EnableUser', (request) => setState(parseRequest(byUsername, request).username, false)),
    rotateSigningKey: unary(log, 'RotateSigningKey', () => context.rotateKeys()),
  };
}
