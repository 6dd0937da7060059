/**
 * What the audit log records of a guarded call: who (the entry's user), which RPC, the ids it named
 * and how it ended. Never the request's content: ids only, each cut short.
 */
import { status } from '@grpc/grpc-js';
import type { CallRecord } from '@concord/access';
import type { AuditRecord } from '@concord/audit';

const idKey = /^(id|[a-z][A-Za-z]*Id)$/;

/** Top-level string ids of a message, as `key=value` (prefixed for a nested message), at most 16. */
function idsOf(message: unknown, prefix = ''): string[] {
  if (!message || typeof message !== 'object') return [];
  return Object.entries(message as Record<string, unknown>)
    .filter((entry): entry is [string, string] => idKey.test(entry[0]) && typeof entry[1] === 'string' && entry[1].length > 0)
    .slice(0, 16)
    .map(([key, value]) => `${prefix}${key}=${value}`.slice(0, 64));
}

/** What an answer names: the ids of the messages it holds (`operation.id=...`), for what a call created. */
function answerIdsOf(response: unknown): string[] {
  if (!response || typeof response !== 'object') return [];
  return Object.entries(response as Record<string, unknown>).flatMap(([key, value]) => (value && typeof value === 'object' && !Array.isArray(value) ? idsOf(value, `${key}.`) : []));
}

export function auditedCall(call: CallRecord): AuditRecord {
  const method = call.method.slice(call.method.indexOf('.v1.') >= 0 ? call.method.indexOf('.v1.') + 4 : 1);
  return {
    action: call.rule.audit === 'act' ? 'called' : 'read',
    actor: call.caller.agency,
    user: { subject: call.caller.subject, name: call.caller.name },
    subject: `rpc:${method}`.slice(0, 200),
    detail: { code: status[call.code] ?? String(call.code), ids: [...new Set([...idsOf(call.request), ...answerIdsOf(call.response)])].slice(0, 32) },
  };
}
