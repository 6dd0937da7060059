#!/usr/bin/env node
// `npm run build`: compiles the command line, the agency host and each service into plain JavaScript
// in dist/, runnable with `node` alone. Workspace code (@concord/*) is bundled; for the agency host and
// the services every other package stays an import from node_modules, so the image ships the same
// dependencies the sources use. The command line bundles its third-party code as well (see below).
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const outdir = `${root}dist`;

/** Entry points by the file name they get in dist/. */
export const entryPoints = {
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

/**
 * The command line runs as a process per command, so all it loads is paid again on every command:
 * resolving and compiling grpc-js, zod, jose and the rest module by module from node_modules cost about
 * 0.35 s of CPU a command, half its start. Its entry bundles them (one build of its own, into the same
 * dist/ directory, so `concord up` still finds agency-main.mjs beside it).
 */
export const cliEntryPoints = { concord: 'packages/cli/src/main.ts' };

/**
 * Bundled CommonJS packages that look for files beside their own code (`__dirname`: .proto files,
 * worker scripts) still find them in node_modules, which sits beside dist/ both here and in the image.
 */
const nodeModulesPaths = {
  name: 'node-modules-paths',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, async (args) => {
      const contents = await readFile(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(contents)) return undefined;
      const file = relative(root, args.path).replaceAll('\\', '/');
      const paths = `var __filename = __fromRoot(${JSON.stringify(file)}), __dirname = __fromRoot(${JSON.stringify(dirname(file))});`;
      return { contents: `${paths}\n${contents}`, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/** Top of every file of the bundled command line: `require` for bundled CommonJS, and paths from the repository root (dist/..). */
const cliBanner = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { fileURLToPath as __fileURLToPath } from 'node:url';",
  'const require = __createRequire(import.meta.url);',
  "const __fromRoot = (path) => __fileURLToPath(new URL(`../${path}`, import.meta.url));",
].join('\n');

export async function buildDist({ quiet = false } = {}) {
  await rm(outdir, { recursive: true, force: true });
  const [services, cli] = await Promise.all([
    buildEntries(entryPoints, { plugins: [thirdPartyExternal], quiet }),
    buildEntries(cliEntryPoints, { plugins: [nodeModulesPaths], banner: { js: cliBanner }, quiet }),
  ]);
  return { services, cli };
}

function buildEntries(entries, { plugins, banner, quiet }) {
  return build({
    absWorkingDir: root,
    entryPoints: entries,
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
    plugins,
    ...(banner ? { banner } : {}),
    logLevel: quiet ? 'warning' : 'info',
    metafile: !quiet,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildDist({ quiet: process.argv.includes('--quiet') });
}
