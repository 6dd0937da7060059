/**
 * Runs the real `concord` command, as built by `npm run build` (test/global-setup.ts builds it once per
 * run), and a real `concord up`, for end-to-end tests.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const concordBin = join(repoRoot, 'dist', 'concord.mjs');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function concord(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [concordBin, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

export async function concordJson<T>(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<T> {
  const result = await concord([...args, '--json'], env);
  if (result.code !== 0) throw new Error(`concord ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/**
 * Signs each agency's first admin in, as the README's walk-throughs begin: all at once, since each
 * agency's session is a file of its own and each login waits mostly on its own provider.
 */
export async function signInAdmins(endpoints: string, admins: Readonly<Record<string, { username: string; passwordFile: string }>>): Promise<void> {
  await Promise.all(
    Object.entries(admins).map(async ([agency, admin]) => {
      const result = await concord(['--endpoints', endpoints, '--agency', agency, 'login', '--user', admin.username, '--password-file', admin.passwordFile]);
      if (result.code !== 0) throw new Error(`concord login --agency ${agency} failed (${result.code}): ${result.stderr}`);
    }),
  );
}

export interface RunningUp {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Ctrl-C, then the exit code. */
  interrupt(): Promise<number | null>;
}

/**
 * Starts `concord up` and resolves once it printed that the federation is up. Seven agencies take 50 s
 * to 160 s to come up on 2 cores at a load average of 25-30 (other suites running): a deadline, not a
 * measure of speed.
 */
export function startUp(args: readonly string[], timeoutMs = 240_000): Promise<RunningUp> {
  const child = spawn(process.execPath, [concordBin, 'up', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running: RunningUp = {
    child,
    output: () => output,
    interrupt: async () => {
      child.kill('SIGINT');
      return exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`concord up did not come up:\n${output}`)), timeoutMs);
    const check = () => {
      if (output.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve(running);
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`concord up exited with ${code}:\n${output}`));
    });
  });
}
