#!/usr/bin/env node
// Fails when any generated folder named in buf.gen.yaml (packages/contracts/src/gen,
// packages/web-contracts/src/gen) differs from what `buf generate` makes of proto/:
// generated code is only ever changed by regenerating it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const config = readFileSync('buf.gen.yaml', 'utf8');
const outputs = [...config.matchAll(/^\s*out: (\S+)$/gm)].map((m) => m[1]);
const scratch = mkdtempSync(join(tmpdir(), 'concord-gen-'));
try {
  const template = outputs.reduce((text, out) => text.replace(`out: ${out}`, `out: ${join(scratch, out)}`), config);
  writeFileSync(join(scratch, 'buf.gen.yaml'), template);
  execFileSync('npx', ['buf', 'generate', '--template', join(scratch, 'buf.gen.yaml')], { stdio: 'inherit' });
  const files = (dir) => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
  const list = (root) => files(root).map((f) => relative(root, f)).sort();
  const differing = outputs.flatMap((committed) => {
    const fresh = list(join(scratch, committed));
    const kept = list(committed);
    return [...new Set([...fresh, ...kept])]
      .filter((f) => {
        try {
          return readFileSync(join(scratch, committed, f), 'utf8') !== readFileSync(join(committed, f), 'utf8');
        } catch {
          return true;
        }
      })
      .map((f) => join(committed, f));
  });
  if (differing.length > 0) {
    console.error(`generated code is out of date or edited by hand: ${differing.join(', ')}\nrun: npm run generate`);
    process.exit(1);
  }
  console.log('generated code matches proto/');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
