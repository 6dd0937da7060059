/**
 * The README's planning walk-through and its debrief walk-through, run as written, one after the other
 * in one sitting, against a real federation of the example manifest's agencies. Only `c` changes: it
 * names this federation's endpoints, and (as a person would) tries a command again while the event it
 * needs is still on its way to the agency; every call and its exit code is recorded.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperationStatus } from '@concord/contracts/planning';
import { TestFederation, waitFor } from '@concord/testkit';
import { concordBin, repoRoot, signInAdmins } from './cli-helpers.js';
import { planning } from './planning-helpers.js';

/** The first `sh` block after a README heading. */
function shBlockAfter(readme: string, heading: string): string {
  const section = readme.slice(readme.indexOf(`\n${heading}\n`));
  const match = /```sh\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error(`no sh block after ${heading}`);
  return match[1]!;
}

/** `c` as the walk-throughs define it, against this federation, retrying while an event is in flight. */
const testC = String.raw`
c() {
  local attempt=0 out code err
  err=$(mktemp)
  while :; do
    out=$(node "$BIN" --endpoints "$ENDPOINTS" "$@" 2>"$err"); code=$?
    if [ $code -ne 0 ] && grep -qE 'is not known to|holds no debrief|concludes once every participant accepted' "$err" && [ $attempt -lt 60 ]; then attempt=$((attempt + 1)); sleep 0.5; continue; fi
    break
  done
  cat "$err" >&2; rm -f "$err"
  printf '%s\t%s\n' "$code" "$*" >> "$CALLS"
  [ -n "$out" ] && printf '%s\n' "$out"
  return $code
}
`;

describe('the README walk-through, from planning to debrief, in one sitting', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID', 'TH', 'MY', 'NZ', 'CA', 'UNODC'] });
    await signInAdmins(federation.prepared.paths.endpoints, federation.prepared.admins);
    // Seven agencies and seven sign-ins: minutes on a loaded 2-core machine.
  }, 360_000);
  afterAll(() => federation?.stop());

  it('runs every command as written: only the observer\'s submission is refused, as the README says', async () => {
    const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
    const ownC = 'c() { npx concord "$@"; }';
    const blocks = ['## Planning a Joint Period of Action', '## The lessons-learned debrief'].map((heading) => shBlockAfter(readme, heading));
    for (const block of blocks) expect(block).toContain(ownC);
    const script = [testC, ...blocks.map((block) => block.replace(ownC, ''))].join('\n');
    const cwd = mkdtempSync(join(tmpdir(), 'concord-walkthrough-'));
    const calls = join(cwd, 'calls.tsv');
    const run = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile('bash', ['-c', script], { cwd, env: { ...process.env, BIN: concordBin, ENDPOINTS: federation.prepared.paths.endpoints, CALLS: calls }, timeout: 400_000 }, (error, _stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
      );
    });
    const recorded = (await readFile(calls, 'utf8')).trim().split('\n').map((line) => line.split('\t') as [string, string]);
    const failed = recorded.filter(([code]) => code !== '0');
    expect(failed.map(([, args]) => args), run.stderr).toEqual([expect.stringMatching(/^--agency CA debrief outcomes /)]);
    expect(run.stderr).toContain('CA is not a participant of operation');
    expect(recorded.map(([, args]) => args.split(' ').slice(2, 4).join(' '))).toContain('op conclude');

    const [operationId] = /--op (\S+)/.exec(recorded.find(([, args]) => args.includes('debrief open'))![1])!.slice(1);
    await waitFor(async () => expect((await planning(federation, 'TH', 'getOperation', { operationId: operationId! })).operation!.status).toBe(OperationStatus.OPERATION_STATUS_DEBRIEFED));
    expect(await readFile(join(cwd, 'coral-tide-lessons.md'), 'utf8')).toContain('Coral Tide');
    expect(await readFile(join(cwd, 'coral-tide-outcomes.csv'), 'utf8')).toContain('smuggled-migrants-assisted');
    expect(await readFile(join(cwd, 'coral-tide.ics'), 'utf8')).toMatch(/^BEGIN:VCALENDAR/);
  }, 420_000);
});
