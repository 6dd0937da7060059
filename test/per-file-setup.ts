/**
 * Runs before each test file. Test files share their worker process (vitest.config.ts, `isolate`), so
 * whatever a file must not inherit from the file before it is made fresh here: the sessions directory
 * of the `concord` commands it runs (`CONCORD_CONFIG_DIR`, inherited by every child), so no file sees
 * another's sign-ins and none touches the user's own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const sessionsDir = mkdtempSync(join(tmpdir(), 'concord-sessions-'));
process.env.CONCORD_CONFIG_DIR = sessionsDir;
afterAll(() => rmSync(sessionsDir, { recursive: true, force: true }));
