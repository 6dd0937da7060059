/** Starts an agency's services as a child process and waits until it reports serving. */
import { fileURLToPath } from 'node:url';
import { Code, ConcordError } from '@concord/errors';
import type { HostMessage } from './agency-main.js';
import { spawnLogged } from './logged-child.js';

export interface AgencyProcess {
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

// From the sources the host runs through tsx; from the build (dist/, where every chunk sits beside the
// entries) it is plain JavaScript.
const fromSource = import.meta.url.endsWith('.ts');
const agencyMain = fileURLToPath(new URL(fromSource ? './agency-main.ts' : './agency-main.mjs', import.meta.url));
/**
 * V8 sized for a small service: young-generation semi-spaces of 1 MB instead of up to 16 MB. An idle
 * agency allocates little, and the default had grown to 34 MB resident after start-up (about 155 MB in
 * all per agency process; about 122 MB with this).
 */
const agencyV8Flags = ['--max-semi-space-size=1'];
const nodeArguments = [...agencyV8Flags, ...(fromSource ? ['--import', 'tsx', agencyMain] : [agencyMain])];
/** For benchmarks: `CONCORD_PROFILE_DIR=<dir>` writes a V8 CPU profile of each agency process there (Node refuses --cpu-prof in NODE_OPTIONS). */
const profileArguments = (dir = process.env.CONCORD_PROFILE_DIR) => (dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []);

export async function startAgencyProcess(agency: string, hostConfig: string, logPath: string, timeoutMs = 60_000, consoleConfig?: string): Promise<AgencyProcess> {
  const consoleArgs = consoleConfig ? ['--console', consoleConfig] : [];
  const { child, exited, stop } = await spawnLogged(process.execPath, [...profileArguments(), ...nodeArguments, '--config', hostConfig, ...consoleArgs], logPath, { ipc: true, graceMs: 15_000 });
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message: HostMessage) => {
      if (message.type === 'ready') resolve();
      else reject(new ConcordError(Code.Unavailable, `${agency} services failed to start: ${message.message} (log: ${logPath})`));
    });
    void exited.then((code) => reject(new ConcordError(Code.Unavailable, `${agency} services exited with code ${code} during start-up (log: ${logPath})`)));
    setTimeout(() => reject(new ConcordError(Code.DeadlineExceeded, `${agency} services did not start within ${timeoutMs} ms (log: ${logPath})`)), timeoutMs).unref();
  });
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  return { exited, stop };
}
