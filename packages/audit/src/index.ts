export { auditDirOf, auditFileOf, AuditLog } from './audit-log.js';
export { auditActions, auditEntrySchema, auditRecordSchema, chainHash, genesisHash } from './audit-entry.js';
export type { AuditEntry, AuditRecord } from './audit-entry.js';
export { verifyAuditFile, verifyAuditText } from './verify-audit.js';
export type { AuditReport } from './verify-audit.js';
