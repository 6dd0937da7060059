/**
 * An agency's audit log: append-only, one JSON entry per line, each line carrying the SHA-256 of the
 * previous line's hash and its own entry, so that any edited, removed or reordered line breaks the
 * chain from there on. It lives in the agency's own data directory, one file per service (each
 * service is its own process, so none interleaves with another), and every append reaches the disk
 * (the file is opened with O_DSYNC) before it resolves. Appends share one write and one sync (group commit): those made in
 * the same turn of the event loop (an event's entry and the entry of the call that caused it), and
 * those made while the previous sync was under way.
 */
import { constants } from 'node:fs';
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Code, ConcordError } from '@concord/errors';
import { auditRecordSchema, chainHash, genesisHash, type AuditEntry, type AuditRecord } from './audit-entry.js';
import { verifyAuditText } from './verify-audit.js';

export const auditDirOf = (agencyDir: string) => join(agencyDir, 'audit');
export const auditFileOf = (agencyDir: string, service: string) => join(auditDirOf(agencyDir), `${service}.log`);

/** One line of the file: the entry's hash, a space, the entry's JSON. */
export function formatLine(hash: string, json: string): string {
  return `${hash} ${json}\n`;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Pending {
  readonly record: AuditRecord;
  readonly resolve: (entry: AuditEntry) => void;
  readonly reject: (error: unknown) => void;
}

/** Writes every byte: a regular file takes them in one write, but a short write must not lose the rest. */
async function writeAll(file: FileHandle, bytes: Buffer): Promise<void> {
  for (let offset = 0; offset < bytes.length; ) offset += (await file.write(bytes, offset)).bytesWritten;
}

export class AuditLog {
  readonly path: string;
  readonly #agency: string;
  readonly #service: string;
  #file: FileHandle | undefined;
  #n = 0;
  #head = genesisHash;
  #queue: Pending[] = [];
  #writing: Promise<void> | undefined;
  readonly #userOf: () => AuditRecord['user'];
  /** Told how long each append and sync took, for the operator's metrics. */
  onSync: ((seconds: number) => void) | undefined;

  private constructor(path: string, agency: string, service: string, userOf: () => AuditRecord['user']) {
    this.path = path;
    this.#userOf = userOf;
    this.#agency = agency;
    this.#service = service;
  }

  /**
   * Opens (or creates) the log and continues its chain; a log that does not verify refuses to open.
   * `userOf` names the person acting when an entry does not: the caller of the call being served.
   */
  static async open(path: string, who: { readonly agency: string; readonly service: string }, userOf: () => AuditRecord['user'] = () => undefined): Promise<AuditLog> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const log = new AuditLog(path, who.agency, who.service, userOf);
    const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const report = verifyAuditText(existing);
    if (!report.ok) {
      throw new ConcordError(Code.DataLoss, `audit log ${path} does not verify (${report.problems[0]}); it is left as found for investigation`);
    }
    log.#n = report.entries;
    log.#head = report.head;
    // O_DSYNC: a write returns once its bytes are on disk, as write + fdatasync did, in one trip to the thread pool instead of two.
    log.#file = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_DSYNC, 0o600);
    return log;
  }

  get head(): { readonly entries: number; readonly hash: string } {
    return { entries: this.#n, hash: this.#head };
  }

  /**
   * Appends an entry; resolves once it is on disk. A record that does not pass the schema is refused
   * here, alone: the appends it would have shared a write with are written all the same.
   */
  append(record: AuditRecord): Promise<AuditEntry> {
    const user = record.user ?? this.#userOf();
    const checked = auditRecordSchema.safeParse(user ? { ...record, user } : record);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      // A record the code built wrongly: a fault here, not the caller's input.
      return Promise.reject(new ConcordError(Code.Internal, `audit record refused: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`));
    }
    record = checked.data;
    return new Promise((resolve, reject) => {
      this.#queue.push({ record, resolve, reject });
      this.#kick();
    });
  }

  /**
   * Starts a drain unless one runs. The drain takes its first batch in the next turn of the event loop,
   * so appends made by the promise chain now running join it instead of waiting for a sync of their
   * own. An append that lands after a drain's last batch but before its end is cleared finds the drain
   * still set: the drain's end picks it up, so nothing waits for ever.
   */
  #kick(): void {
    this.#writing ??= nextTurn().then(() => this.#drain()).finally(() => {
      this.#writing = undefined;
      if (this.#queue.length > 0) this.#kick();
    });
  }

  async close(): Promise<void> {
    await this.#writing;
    await this.#file?.close();
    this.#file = undefined;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0);
      const file = this.#file;
      if (!file) {
        for (const p of batch) p.reject(new ConcordError(Code.FailedPrecondition, 'the audit log is closed'));
        continue;
      }
      let n = this.#n;
      let head = this.#head;
      const lines: string[] = [];
      const entries: AuditEntry[] = [];
      for (const { record } of batch) {
        // The record was checked on append; the fields the log fills in itself need no check.
        const entry: AuditEntry = { n: ++n, at: new Date().toISOString(), agency: this.#agency, service: this.#service, ...record, prev: head };
        const json = JSON.stringify(entry);
        head = chainHash(head, json);
        lines.push(formatLine(head, json));
        entries.push(entry);
      }
      try {
        const started = performance.now();
        await writeAll(file, Buffer.from(lines.join(''), 'utf8'));
        this.onSync?.((performance.now() - started) / 1000);
      } catch (error) {
        for (const p of batch) p.reject(error);
        continue;
      }
      this.#n = n;
      this.#head = head;
      batch.forEach((p, i) => p.resolve(entries[i]!));
    }
  }
}
