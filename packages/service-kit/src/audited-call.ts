/**
 * What the audit log records of a guarded call: who (the entry's user), which RPC, the ids it named
 * and how it ended. Never the request's content: ids only, each cut short.
 */
import { status } from '@grpc/grpc-js';
import type { CallRecord } from '@concord/access';
import type { AuditRecord } from '@concord/audit';

const idKey = /^(id|[a-z][A-Za-z]*Id)$/;

/** Top-level string ids of a request, as `key=value`, at most 16. */
function idsOf(request: unknown): string[] {
  if (!request || typeof request !== 'object') return [];
  return Object.entries(request as Record<string, unknown>)
    .filter((entry): entry is [string, string] => idKey.test(entry[0]) && typeof entry[1] === 'string' && entry[1].length > 0)
    .slice(0, 16)
    .map(([key, value]) => `${key}=${value.slice(0, 64 - key.length - 1)}`);
}

export function auditedCall(call: CallRecord): AuditRecord {
  const method = call.method.slice(call.method.indexOf('.v1.') >= 0 ? call.method.indexOf('.v1.') + 4 : 1);
  return {
    action: call.rule.audit === 'act' ? 'called' : 'read',
    actor: call.caller.agency,
    user: { subject: call.caller.subject, name: call.caller.name },
    subject: `rpc:${method}`.slice(0, 200),
    detail: { code: status[call.code] ?? String(call.code), ids: idsOf(call.request) },
  };
}
