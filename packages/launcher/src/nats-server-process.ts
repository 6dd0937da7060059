/**
 * Runs nats-server as a child process: waits until its monitoring endpoint says healthy (JetStream
 * included), stops it with SIGTERM (SIGKILL after a grace period), and first stops any server a
 * crashed launcher left running on the same configuration, found through the server's pid file.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { get } from 'node:http';
import { promisify } from 'node:util';
import { Code, ConcordError } from '@concord/errors';
import { spawnLogged } from './logged-child.js';

export interface NatsServerSpec {
  readonly name: string;
  readonly configPath: string;
  readonly pidFile: string;
  readonly logPath: string;
  /** The server's monitoring base URL, for example http://127.0.0.1:7402. */
  readonly monitorUrl: string;
}

export interface NatsServerHandle {
  readonly name: string;
  /** Resolves when the process ends, for whatever reason, with its exit code (null when signalled). */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
  /** Kills it at once, synchronously: for a process that is exiting and cannot wait. */
  kill(): void;
}

export interface NatsRunner {
  readonly kind: 'local binary' | 'container';
  start(spec: NatsServerSpec): Promise<NatsServerHandle>;
}

/** The binary to run: CONCORD_NATS_SERVER, or nats-server from PATH. */
export function natsServerBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.CONCORD_NATS_SERVER ?? 'nats-server';
}

/** What to say when the binary is not there: where it was looked for, and how to install it. */
export function missingBinary(binary: string): ConcordError {
  return new ConcordError(Code.FailedPrecondition, `${binary} not found; install it (Debian: apt-get install nats-server) or set CONCORD_NATS_SERVER to its path`);
}

/** The installed server's version, or an error that says how to install it. */
export async function natsServerVersion(binary = natsServerBinary()): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(binary, ['--version']);
    const match = /v(\d+\.\d+\.\d+)/.exec(stdout);
    if (!match?.[1]) throw new Error(`unexpected version output: ${stdout.trim()}`);
    return match[1];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw missingBinary(binary);
    throw ConcordError.from(error);
  }
}

/** sync_interval arrived in nats-server 2.10; older servers refuse to start with it. */
export function acceptsSyncInterval(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 2 || (major === 2 && minor >= 10);
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a process with this pid exists (signal 0 only asks). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops a server left over from a crashed run: only if its command line names our configuration. */
async function stopLeftover(spec: NatsServerSpec): Promise<void> {
  let pid: number;
  try {
    pid = Number((await readFile(spec.pidFile, 'utf8')).trim());
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes(spec.configPath)) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && alive(pid); i++) await delay(100);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

async function lastLines(path: string, count = 8): Promise<string> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/**
 * Whether the server answering on the monitor port is the one this launcher started: an impostor on
 * the port answers /healthz too. Given the id /varz reports, true only if it is ours.
 */
export type ServerIdentity = (serverId: string) => Promise<boolean>;

/** The id a server process logged at start-up ("[pid] ... ID: N..."), the last one for that pid. */
export async function loggedServerId(logPath: string, pid: number): Promise<string | undefined> {
  const text = await readFile(logPath, 'utf8').catch(() => '');
  const ids = [...text.matchAll(new RegExp(`^\\[${pid}\\] .*\\[INF\\]\\s+ID:\\s+(\\S+)$`, 'gm'))];
  return ids.at(-1)?.[1];
}

/**
 * GET on the monitoring port with node:http, not fetch: fetch refuses the ports the Fetch standard
 * calls "bad" (5060 and 5061 among them), where a base port of 5000 puts the sixth agency's monitor.
 */
function monitorGet(url: string): Promise<{ ok: boolean; body: string }> {
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: 1_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ ok: response.statusCode === 200, body }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`${url} did not answer within 1 s`)));
    request.on('error', reject);
  });
}

async function monitorAnswers(monitorUrl: string, identity: ServerIdentity | undefined): Promise<boolean> {
  if (!(await monitorGet(`${monitorUrl}/healthz`)).ok) return false;
  if (!identity) return true;
  const varz = JSON.parse((await monitorGet(`${monitorUrl}/varz`)).body) as { server_id?: unknown };
  return typeof varz.server_id === 'string' && (await identity(varz.server_id));
}

/** Polls /healthz until it answers 200 (from the server `identity` recognises); fails early if the process dies. */
export async function waitHealthy(monitorUrl: string, exited: Promise<unknown>, timeoutMs: number, what: string, logPath: string, identity?: ServerIdentity): Promise<void> {
  let ended = false;
  void exited.then(() => (ended = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (ended) throw new ConcordError(Code.Unavailable, `${what} exited during start-up; its log ends:\n${await lastLines(logPath)}`);
    try {
      if (await monitorAnswers(monitorUrl, identity)) return;
    } catch {
      // not listening yet
    }
    await delay(50);
  }
  throw new ConcordError(Code.DeadlineExceeded, `${what} was not healthy within ${timeoutMs} ms; its log ends:\n${await lastLines(logPath)}`);
}

export function localNatsRunner(binary = natsServerBinary()): NatsRunner {
  return {
    kind: 'local binary',
    async start(spec) {
      await stopLeftover(spec);
      const { child, exited, stop, spawnError } = await spawnLogged(binary, ['-c', spec.configPath], spec.logPath, { graceMs: 10_000 });
      try {
        // Ours only if the id the monitor reports is the one our child logged, and the child still runs.
        const ours: ServerIdentity = async (serverId) => child.pid !== undefined && (await loggedServerId(spec.logPath, child.pid)) === serverId;
        await waitHealthy(spec.monitorUrl, exited, 20_000, spec.name, spec.logPath, ours);
      } catch (error) {
        await stop();
        // A binary that is not there never wrote a log: say so, not "its log ends:" with nothing after.
        throw spawnError()?.code === 'ENOENT' ? missingBinary(binary) : error;
      }
      return { name: spec.name, exited, stop, kill: () => void child.kill('SIGKILL') };
    },
  };
}
