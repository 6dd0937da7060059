/**
 * A child process whose output goes to a log file, in its own process group (so Ctrl-C reaches the
 * launcher alone, which then stops children in order), stopped with SIGTERM and, after a grace
 * period, SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface LoggedChild {
  readonly child: ChildProcess;
  /** Resolves when the process ends, with its exit code (null when signalled, -1 when it never ran). */
  readonly exited: Promise<number | null>;
  readonly stop: () => Promise<void>;
  /** Why the process could not be started at all (ENOENT: no such binary), once exited says -1. */
  readonly spawnError: () => NodeJS.ErrnoException | undefined;
}

export async function spawnLogged(command: string, args: readonly string[], logPath: string, options: { ipc?: boolean; graceMs: number }): Promise<LoggedChild> {
  await mkdir(dirname(logPath), { recursive: true });
  const log = await open(logPath, 'a', 0o600);
  const child = spawn(command, args, { stdio: ['ignore', log.fd, log.fd, ...(options.ipc ? (['ipc'] as const) : [])], detached: true });
  let spawnError: NodeJS.ErrnoException | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (error) => {
      spawnError = error;
      resolve(-1);
    });
  });
  void exited.finally(() => log.close());
  return {
    child,
    exited,
    spawnError: () => spawnError,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killed = setTimeout(() => child.kill('SIGKILL'), options.graceMs);
      await exited;
      clearTimeout(killed);
    },
  };
}
