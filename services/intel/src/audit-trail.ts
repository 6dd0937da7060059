/**
 * What this agency's audit log records of each change to its alerts: who did what to which alert, and
 * never what the alert says. Only live changes are recorded; replaying the store at start is not news.
 */
import type { AuditRecord } from '@concord/audit';
import type { AlertChange } from './alert-book.js';

export function auditRecordOf(change: AlertChange, me: string): AuditRecord | undefined {
  const { record, event } = change;
  const subject = `alert:${record.id}`;
  const from = event?.from ?? me;
  switch (change.kind) {
    case 'published':
    case 'updated': {
      if (event?.type !== 'alert.version') return undefined;
      if (from === me && event.forwardOf) return { action: 'forwarded', actor: me, subject, detail: { version: event.version, to: [...event.recipients], request: event.forwardOf } };
      if (from === me) return { action: change.kind, actor: me, subject, detail: { version: event.version, label: event.label, recipients: [...event.recipients] } };
      return { action: 'delivered', actor: from, subject, detail: { version: event.version, label: event.label } };
    }
    case 'delivered':
    case 'acknowledged':
      return event?.type === 'alert.receipt' ? { action: change.kind, actor: from, subject, detail: { version: event.version } } : undefined;
    case 'feedback':
      return { action: 'feedback', actor: from, subject };
    case 'forward-requested':
      return event?.type === 'alert.forward-request' ? { action: 'forward-requested', actor: from, subject, detail: { to: event.to, request: event.requestId } } : undefined;
    case 'forward-decided':
      // The originator's approval is recorded where it sealed the alert for the new recipient.
      if (event?.type === 'alert.forward-decision' && event.approved && from === me) return undefined;
      return event?.type === 'alert.forward-decision' ? { action: event.approved ? 'forwarded' : 'forward-refused', actor: from, subject, detail: { request: event.requestId } } : undefined;
    case 'revoked':
      return { action: 'revoked', actor: from, subject };
    case 'expired':
      return { action: 'expired', actor: me, subject };
  }
}
