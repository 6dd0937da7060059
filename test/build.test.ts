/**
 * `npm run build`: the command line, the agency host and every service run from dist/ on plain node,
 * and the Dockerfile ships exactly what the build produces. (test/global-setup.ts built dist/.)
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { concordBin, repoRoot } from './cli-helpers.js';

const run = promisify(execFile);
const dist = join(repoRoot, 'dist');

async function node(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: repoRoot, timeout: 90_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the production build', () => {
  it('runs the command line on plain node, saying what the sources say', async () => {
    const built = await node([concordBin, '--help']);
    const fromSource = await node([join(repoRoot, 'packages/cli/bin/concord.js'), '--help']);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toContain('Usage: concord');
    expect(built.stdout).toBe(fromSource.stdout);
  });

  it('bundles the command line\'s third-party code: starting a command resolves no package from node_modules', async () => {
    // Every import of the command line's files, followed from its entry: only Node's own modules and its own chunks.
    const seen = new Set<string>();
    const bare = new Set<string>();
    const follow = async (file: string): Promise<void> => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = await readFile(file, 'utf8');
      const statements = /^(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"|^import\s*"([^"]+)"|\bimport\("([^"]+)"\)|\b__require\("([^"]+)"\)/gm;
      for (const match of code.matchAll(statements)) {
        const specifier = match.slice(1).find((s) => s !== undefined)!;
        if (specifier.startsWith('./')) await follow(join(dirname(file), specifier));
        else if (!specifier.startsWith('node:') && !builtinModules.includes(specifier)) bare.add(specifier);
      }
    };
    await follow(concordBin);
    expect(seen.size).toBeGreaterThan(10);
    expect([...bare]).toEqual([]);
  });

  it('runs every service and the agency host on plain node', async () => {
    const services = ['planning', 'tasking', 'intel', 'debrief', 'identity'];
    const [host, ...helps] = await Promise.all([node([join(dist, 'agency-main.mjs')]), ...services.map((service) => node([join(dist, `${service}.mjs`), '--help']))]);
    helps.forEach((help, i) => {
      expect(help.code, `${services[i]}: ${help.stderr}`).toBe(0);
      expect(help.stdout).toMatch(/--/);
    });
    expect(host.stderr).toContain('--config');
    expect(host.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|Unknown file extension/);
  }, 120_000);

  it('leaves no TypeScript to load at run time', async () => {
    const files = (await readdir(dist)).filter((file) => file.endsWith('.mjs'));
    for (const file of files) {
      const code = await readFile(join(dist, file), 'utf8');
      expect(code, file).not.toMatch(/from ["']tsx|import\(["']tsx|from ["'][^"']+\.ts["']/);
    }
  });

  it('has a Dockerfile that copies what the build produces and runs it as a non-root user', async () => {
    const dockerfile = await readFile(join(repoRoot, 'Dockerfile'), 'utf8');
    const stages = [...dockerfile.matchAll(/^FROM node:\$\{NODE_VERSION\}-(\S+) AS (\S+)$/gm)];
    expect(stages.map((s) => s[2])).toEqual(['build', 'runtime']);
    const nodeVersion = Number(/^ARG NODE_VERSION=(\d+)$/m.exec(dockerfile)?.[1]);
    expect(nodeVersion % 2, 'an even (long-term support) Node line').toBe(0);
    expect(nodeVersion).toBeGreaterThanOrEqual(22);
    expect(dockerfile).toMatch(/RUN npm ci[^\n]*\\\n\s*&& npm run build/);
    // Everything the runtime stage copies from the build exists after a build, and its entry point is the
    // built command line.
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    const copied = [...runtime.matchAll(/^COPY --from=build \/src\/(\S+) /gm)].map((m) => m[1]!);
    expect(copied).toContain('dist');
    for (const path of copied) expect(existsSync(join(repoRoot, path)), path).toBe(true);
    const entry = /^ENTRYPOINT \["node", "\/app\/(\S+)"\]$/m.exec(runtime)?.[1];
    expect(entry).toBe('dist/concord.mjs');
    expect(existsSync(join(repoRoot, entry!))).toBe(true);
    const user = /^USER (\S+)$/m.exec(runtime)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    // Files the build stage copies from the context exist.
    for (const match of dockerfile.matchAll(/^COPY (?!--from)(\S+(?: \S+)*) \S+$/gm)) {
      for (const source of match[1]!.split(' ')) expect(existsSync(join(repoRoot, source)), source).toBe(true);
    }
  });
});
