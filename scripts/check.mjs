#!/usr/bin/env node
// `npm run check`: the generated-code check, both type checks, buf lint and eslint, in two lanes at
// once. Each is one CPU-bound process and eslint alone takes as long as the rest together, so on two
// cores the two lanes finish in about eslint's time instead of the sum. Each step's output is printed
// whole when it ends; the check fails if any step fails, after every lane has ended.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const checkLanes = [
  [
    ['npm', 'run', '--silent', 'generate:check'],
    ['npm', 'run', '--silent', 'typecheck'],
    ['npx', 'buf', 'lint'],
  ],
  [['npx', 'eslint', '--max-warnings', '0', '.']],
];

function run([command, ...args], print) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', (error) => resolve({ ok: false, output: `${output}${error.message}\n` }));
    child.once('close', (code) => resolve({ ok: code === 0, output }));
  }).then(({ ok, output }) => {
    print(`${ok ? 'ok  ' : 'FAIL'} ${[command, ...args].join(' ')}\n${output}`);
    return ok;
  });
}

/** Runs the lanes at once, each step after the one before it succeeded; true if every step succeeded. */
export async function runLanes(lanes, print = (text) => process.stdout.write(text)) {
  const results = await Promise.all(
    lanes.map(async (steps) => {
      for (const step of steps) if (!(await run(step, print))) return false;
      return true;
    }),
  );
  return !results.includes(false);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!(await runLanes(checkLanes))) process.exitCode = 1;
}
