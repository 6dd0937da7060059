export { Code, codeName } from './code.js';
export { ConcordError, infrastructureCode } from './concord-error.js';
export type { Violation } from './concord-error.js';
export { formatPath, invalidFromZod, violationsOf } from './zod-violations.js';
