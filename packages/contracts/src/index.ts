/**
 * Where the contracts' sources live, for server reflection. The generated code itself is imported
 * per service: `@concord/contracts/planning` and so on.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/**
 * The `proto/` folder at the top of the repository: the import root of every contract. Found by
 * walking up from this module, because the same code runs from its source folder and bundled in dist/.
 */
export const protoRoot = findProtoRoot(dirname(fileURLToPath(import.meta.url)));

function findProtoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'proto');
    if (existsSync(join(candidate, 'concord'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`no proto/concord folder above ${start}`);
  }
}

export const protoFiles = {
  planning: join(protoRoot, 'concord/v1/planning.proto'),
  tasking: join(protoRoot, 'concord/v1/tasking.proto'),
  intel: join(protoRoot, 'concord/v1/intel.proto'),
  debrief: join(protoRoot, 'concord/v1/debrief.proto'),
  access: join(protoRoot, 'concord/v1/access.proto'),
} as const;

export { kebabNames, protoEnum } from './proto-enum.js';
export type { ProtoEnum } from './proto-enum.js';
