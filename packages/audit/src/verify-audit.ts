/**
 * Checks an audit log line by line: each line's hash must be the hash of the previous line's hash and
 * its own entry, entries numbered 1, 2, 3 without gap, each naming the previous hash. An edited entry
 * fails its hash; a removed one leaves a gap in the numbers and a broken link. Removing the last
 * entries leaves a shorter chain that still verifies: compare the head with one recorded elsewhere
 * (`expectHead`) to catch that.
 */
import { readFile } from 'node:fs/promises';
import { auditEntrySchema, chainHash, genesisHash, type AuditEntry } from './audit-entry.js';

export interface AuditReport {
  readonly ok: boolean;
  readonly entries: number;
  /** The hash of the last entry that verified. */
  readonly head: string;
  readonly problems: readonly string[];
  readonly list: readonly AuditEntry[];
}

const linePattern = /^([0-9a-f]{64}) (\{.*\})$/;

export function verifyAuditText(text: string, expectHead?: { readonly entries: number; readonly hash: string }): AuditReport {
  const problems: string[] = [];
  const list: AuditEntry[] = [];
  let head = genesisHash;
  let expected = 1;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, index) => {
    const at = `line ${index + 1}`;
    const match = linePattern.exec(line);
    if (!match) {
      problems.push(`${at}: not an audit entry`);
      return;
    }
    const [, hash, json] = match as unknown as [string, string, string];
    let entry: AuditEntry;
    try {
      entry = auditEntrySchema.parse(JSON.parse(json));
    } catch {
      problems.push(`${at}: entry does not parse`);
      return;
    }
    if (entry.n !== expected) problems.push(`${at}: entry ${entry.n} where ${expected} was expected (entries removed or reordered)`);
    if (entry.prev !== head) problems.push(`${at}: entry ${entry.n} does not follow the entry before it (chain broken)`);
    if (chainHash(entry.prev, json) !== hash) problems.push(`${at}: entry ${entry.n} was altered (hash mismatch)`);
    head = hash;
    expected = entry.n + 1;
    list.push(entry);
  });
  if (expectHead && (expectHead.entries !== list.length || expectHead.hash !== head)) {
    problems.push(`the log ends at entry ${list.length} (${head.slice(0, 12)}…), not at the recorded head ${expectHead.entries} (${expectHead.hash.slice(0, 12)}…)`);
  }
  return { ok: problems.length === 0, entries: list.length, head, problems, list };
}

export async function verifyAuditFile(path: string, expectHead?: { readonly entries: number; readonly hash: string }): Promise<AuditReport> {
  return verifyAuditText(await readFile(path, 'utf8'), expectHead);
}
