import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';

import { API_VERSIONS, contextsIn } from '../routes.js';
import { documentRoutes } from '../routing/document-routes.js';
import { registerOpenApiComponents } from './openapi-components.js';
import { Problem, ProblemFieldError } from './problem-schema.js';

/**
 * A fresh registry holding every schema and operation of the API: the operations of every
 * context's route table in every version. Built on demand rather than kept in a module-level
 * singleton, so that nothing accumulates across apps or tests.
 */
export function buildOpenApiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registerOpenApiComponents(registry);
  registry.register('ProblemFieldError', ProblemFieldError);
  registry.register('Problem', Problem);
  for (const version of API_VERSIONS) {
    for (const { table } of contextsIn(version)) documentRoutes(registry, table, version);
  }
  return registry;
}
