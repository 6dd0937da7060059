#!/usr/bin/env node
// Fails when packages/contracts/src/gen differs from what `buf generate` makes of proto/:
// generated code is only ever changed by regenerating it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const committed = 'packages/contracts/src/gen';
const scratch = mkdtempSync(join(tmpdir(), 'concord-gen-'));
try {
  const template = readFileSync('buf.gen.yaml', 'utf8').replace(`out: ${committed}`, `out: ${join(scratch, 'gen')}`);
  writeFileSync(join(scratch, 'buf.gen.yaml'), template);
  execFileSync('npx', ['buf', 'generate', '--template', join(scratch, 'buf.gen.yaml')], { stdio: 'inherit' });
  const files = (dir) => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
  const list = (root) => files(root).map((f) => relative(root, f)).sort();
  const fresh = list(join(scratch, 'gen'));
  const kept = list(committed);
  const differing = [...new Set([...fresh, ...kept])].filter((f) => {
    try {
      return readFileSync(join(scratch, 'gen', f), 'utf8') !== readFileSync(join(committed, f), 'utf8');
    } catch {
      return true;
    }
  });
  if (differing.length > 0) {
    console.error(`generated code is out of date or edited by hand: ${differing.join(', ')}\nrun: npm run generate`);
    process.exit(1);
  }
  console.log('generated code matches proto/');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
