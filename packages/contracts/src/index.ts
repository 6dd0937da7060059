/**
 * Where the contracts' sources live, for server reflection. The generated code itself is imported
 * per service: `@concord/contracts/planning` and so on.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The `proto/` folder at the top of the repository: the import root of every contract. */
export const protoRoot = fileURLToPath(new URL('../../../proto', import.meta.url));

export const protoFiles = {
  planning: join(protoRoot, 'concord/v1/planning.proto'),
  tasking: join(protoRoot, 'concord/v1/tasking.proto'),
  intel: join(protoRoot, 'concord/v1/intel.proto'),
  debrief: join(protoRoot, 'concord/v1/debrief.proto'),
  access: join(protoRoot, 'concord/v1/access.proto'),
} as const;

export { kebabNames, protoEnum } from './proto-enum.js';
export type { ProtoEnum } from './proto-enum.js';
