/** Starts an agency's services as a child process and waits until it reports serving. */
import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Code, ConcordError } from '@concord/errors';
import type { HostMessage } from './agency-main.js';

export interface AgencyProcess {
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

const agencyMain = fileURLToPath(new URL('./agency-main.ts', import.meta.url));

export async function startAgencyProcess(agency: string, hostConfig: string, logPath: string, timeoutMs = 60_000): Promise<AgencyProcess> {
  const log = await open(logPath, 'a', 0o600);
  const child = spawn(process.execPath, ['--import', 'tsx', agencyMain, '--config', hostConfig], {
    stdio: ['ignore', log.fd, log.fd, 'ipc'],
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.finally(() => log.close());
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killed = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killed);
  };
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
