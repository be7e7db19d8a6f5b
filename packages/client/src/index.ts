export { createProjClient, dataOf, type ProjClient, type ProjClientOptions } from './create-proj-client.js';
export { ProblemError, type Problem, type ProblemFieldError } from './problem-error.js';
export { etagOf, idempotencyKey, ifMatch } from './request-headers.js';
export type { components, operations, paths } from './schema.gen.js';
