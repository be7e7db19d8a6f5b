import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';

import { registerAccountsOpenApi } from '../accounts/accounts-openapi.js';
import { registerOpenApiComponents } from './openapi-components.js';
import { Problem, ProblemFieldError } from './problem-schema.js';

/**
 * A fresh registry holding every schema and operation of the API. Built on demand rather than
 * kept in a module-level singleton, so that nothing accumulates across apps or tests.
 */
export function buildOpenApiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registerOpenApiComponents(registry);
  registry.register('ProblemFieldError', ProblemFieldError);
  registry.register('Problem', Problem);
  registerAccountsOpenApi(registry);
  return registry;
}
