/**
 * Once per test run: compile dist/ (`npm run build`), so the command-line tests run the build a
 * deployment runs, on plain node, and never a stale one.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildOnce(): void {
  const script = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));
  execFileSync(process.execPath, [script, '--quiet'], { stdio: 'inherit' });
}
