#!/usr/bin/env node
// `npm run build`: compiles the command line, the agency host and each service into plain JavaScript
// in dist/, runnable with `node` alone. Workspace code (@concord/*) is bundled; every other package stays
// an import from node_modules, so the image ships the same dependencies the sources use.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const outdir = `${root}dist`;

/** Entry points by the file name they get in dist/. */
export const entryPoints = {
  concord: 'packages/cli/src/main.ts',
  'agency-main': 'packages/launcher/src/agency-main.ts',
  planning: 'services/planning/src/main.ts',
  tasking: 'services/tasking/src/main.ts',
  intel: 'services/intel/src/main.ts',
  debrief: 'services/debrief/src/main.ts',
  identity: 'services/identity/src/main.ts',
};

/** Bare imports other than our own workspaces stay external: node_modules provides them at run time. */
const thirdPartyExternal = {
  name: 'third-party-external',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@concord/') ? undefined : { path: args.path, external: true }));
  },
};

export async function buildDist({ quiet = false } = {}) {
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Chunks beside the entries: code that finds a sibling entry by its own URL (the agency host) works
    // from any chunk.
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    sourcemap: true,
    plugins: [thirdPartyExternal],
    logLevel: quiet ? 'warning' : 'info',
    metafile: !quiet,
  });
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildDist({ quiet: process.argv.includes('--quiet') });
}
