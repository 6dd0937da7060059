/**
 * Hosts made of Linux network namespaces, for tests of a federation beyond one machine: each host is a
 * namespace with one address in a private /24 of its own run, joined by a veth to a bridge inside a
 * "switch" namespace; the test process joins the same bridge, so it reaches every host as a client
 * would. A host can be cut off (its veth on the switch goes down) and restored, and traffic between
 * groups of hosts ("sites") can be dropped at random with nftables, where the kernel has it.
 *
 * Names carry the test process's pid (`cn<pid>-...`): namespaces of a run whose process is gone are
 * removed at the next start, and those of a live run of someone else are left alone. Needs root.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { promisify } from 'node:util';
import { processAlive } from '@concord/launcher';

const run = promisify(execFile);
const prefix = 'cn';

export interface HostProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when signalled) once the process has ended. */
  readonly exited: Promise<number | null>;
  /** kill -9 by pid. */
  kill(): Promise<void>;
  /** SIGTERM, as a host shutting down sends; SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

async function ip(...args: string[]): Promise<string> {
  try {
    return (await run('ip', args)).stdout;
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`ip ${args.join(' ')}: ${stderr?.trim() || (error as Error).message}`);
  }
}

/** Removes the namespaces (and so their veths) of runs whose process is gone. */
async function removeStale(): Promise<void> {
  const names = (await ip('netns', 'list')).split('\n').map((line) => line.split(' ')[0] ?? '');
  for (const name of names) {
    const owner = new RegExp(`^${prefix}(\\d+)-`).exec(name)?.[1];
    if (!owner || processAlive(Number(owner))) continue;
    // Processes a crashed run left inside go first, or they would hold on to its addresses.
    for (const pid of (await ip('netns', 'pids', name).catch(() => '')).split('\n').filter(Boolean)) process.kill(Number(pid), 'SIGKILL');
    await ip('netns', 'delete', name).catch(() => undefined);
  }
}

/** Why namespaces cannot be made here, or undefined when they can. */
export async function hostNetworkUnavailable(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'needs root: network namespaces are made with `ip netns add` (CI runs as root)';
  const probe = `${prefix}${process.pid}-probe`;
  try {
    await ip('netns', 'add', probe);
    await ip('netns', 'delete', probe);
    return undefined;
  } catch (error) {
    return `\`ip netns add\` is not allowed here: ${(error as Error).message}`;
  }
}

export class HostNetwork implements AsyncDisposable {
  readonly #processes = new Set<HostProcess>();
  readonly #addresses = new Map<string, string>();
  #lossTables: string[] = [];

  private constructor(
    readonly hosts: readonly string[],
    /** The first three octets of this run's /24. */
    private readonly subnet: string,
  ) {
    hosts.forEach((host, index) => this.#addresses.set(host, `${subnet}.${10 + index}`));
    process.once('exit', this.#killAll);
  }

  readonly #killAll = () => {
    for (const p of this.#processes) p.child.kill('SIGKILL');
  };

  /** The test process's own address on the switch. */
  get testAddress(): string {
    return `${this.subnet}.1`;
  }

  static async create(hosts: readonly string[]): Promise<HostNetwork> {
    await removeStale();
    const pid = process.pid;
    // A /24 per run, from the pid, inside 10.128.0.0/9: two live runs never share one.
    const network = new HostNetwork(hosts, `10.${128 + ((pid >> 8) & 127)}.${pid & 255}`);
    try {
      await network.#build();
    } catch (error) {
      await network.stop();
      throw error;
    }
    return network;
  }

  namespace(host: string): string {
    if (!this.#addresses.has(host)) throw new Error(`no host ${host}`);
    return `${prefix}${process.pid}-${host}`;
  }

  address(host: string): string {
    const address = this.#addresses.get(host);
    if (!address) throw new Error(`no host ${host}`);
    return address;
  }

  get #switch(): string {
    return `${prefix}${process.pid}-switch`;
  }

  /** The switch-side end of a host's veth. */
  #port(host: string): string {
    return `h${this.hosts.indexOf(host)}`;
  }

  get #testLink(): string {
    return `${prefix}${process.pid}`;
  }

  async #build(): Promise<void> {
    const sw = this.#switch;
    await ip('netns', 'add', sw);
    await ip('-n', sw, 'link', 'add', 'br0', 'type', 'bridge');
    await ip('-n', sw, 'link', 'set', 'br0', 'up');
    for (const host of this.hosts) {
      const ns = this.namespace(host);
      await ip('netns', 'add', ns);
      await ip('-n', ns, 'link', 'set', 'lo', 'up');
      await ip('-n', sw, 'link', 'add', this.#port(host), 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
      await ip('-n', sw, 'link', 'set', this.#port(host), 'master', 'br0', 'up');
      await ip('-n', ns, 'addr', 'add', `${this.address(host)}/24`, 'dev', 'eth0');
      await ip('-n', ns, 'link', 'set', 'eth0', 'up');
    }
    await ip('link', 'add', this.#testLink, 'type', 'veth', 'peer', 'name', 'test', 'netns', sw);
    await ip('-n', sw, 'link', 'set', 'test', 'master', 'br0', 'up');
    await ip('addr', 'add', `${this.testAddress}/24`, 'dev', this.#testLink);
    await ip('link', 'set', this.#testLink, 'up');
  }

  /** Runs a program inside a host's namespace, its output appended to `logPath`. */
  start(host: string, command: string, args: readonly string[], logPath: string, env: NodeJS.ProcessEnv = process.env): HostProcess {
    const log = createWriteStream(logPath, { flags: 'a' });
    // `ip netns exec` execs the program in place: the pid is the program's own.
    const child = spawn('ip', ['netns', 'exec', this.namespace(host), command, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const handle: HostProcess = {
      pid: child.pid!,
      child,
      exited,
      kill: async () => {
        if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
        await exited;
      },
      stop: async (graceMs = 10_000) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        process.kill(child.pid!, 'SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      },
    };
    this.#processes.add(handle);
    void exited.then(() => {
      this.#processes.delete(handle);
      log.end();
    });
    return handle;
  }

  /** Takes a host off the network: its port on the switch goes down, as a pulled cable. */
  async cut(host: string): Promise<void> {
    await ip('-n', this.#switch, 'link', 'set', this.#port(host), 'down');
  }

  async restore(host: string): Promise<void> {
    await ip('-n', this.#switch, 'link', 'set', this.#port(host), 'up');
  }

  /**
   * Drops `percent` of the packets each host sends to hosts outside its own site, at random
   * (nftables `numgen random`). Throws, saying why, when nft or the kernel's nf_tables is missing.
   */
  async dropBetweenSites(sites: ReadonlyArray<readonly string[]>, percent: number): Promise<void> {
    for (const site of sites) {
      const own = site.map((h) => this.address(h)).join(', ');
      for (const host of site) {
        const ns = this.namespace(host);
        const rules = `table inet concord_loss {\n  chain out {\n    type filter hook output priority 0; policy accept;\n    ip daddr != { ${own}, ${this.testAddress}, 127.0.0.1 } numgen random mod 100 < ${percent} drop\n  }\n}\n`;
        await nft(ns, rules);
        this.#lossTables.push(ns);
      }
    }
  }

  async clearLoss(): Promise<void> {
    for (const ns of this.#lossTables.splice(0)) await run('ip', ['netns', 'exec', ns, 'nft', 'delete', 'table', 'inet', 'concord_loss']).catch(() => undefined);
  }

  /** Kills every process it started and removes every namespace and link it made. */
  async stop(): Promise<void> {
    await Promise.all([...this.#processes].map((p) => p.kill()));
    process.off('exit', this.#killAll);
    for (const ns of [...this.hosts.map((h) => this.namespace(h)), this.#switch]) await ip('netns', 'delete', ns).catch(() => undefined);
    await ip('link', 'delete', this.#testLink).catch(() => undefined);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

async function nft(ns: string, rules: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`nft in ${ns} failed (${code}): ${stderr.trim() || 'is nftables installed? (Debian: apt-get install nftables)'}`))));
    child.stdin.end(rules);
  });
}
