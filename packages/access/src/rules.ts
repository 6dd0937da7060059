/**
 * The browser-safe part of access: roles and the one RPC table, without token checks or gRPC, so the
 * console can hide what the server would refuse. The server's guard still decides.
 */
export { effectiveRoles, roles } from './roles.js';
export type { Role } from './roles.js';
export { ruleFor, rpcAccess } from './rpc-access.js';
export type { AuditKind, RpcRule } from './rpc-access.js';
