import { API_VERSIONS, contextsIn } from '../routes.js';
import { operationsIn } from '../routing/route-table.js';

/** Paths of the documentation, health and metrics routers: never forwarded. */
const OWN_PATHS = [/^\/openapi\.json\/?$/i, /^\/docs(\/.*)?$/i, /^\/redoc(\/.*)?$/i, /^\/health(\/.*)?$/i, /^\/metrics\/?$/i];

/** `/v1/accounts/users/{user_id}` as a pattern matching the paths Express routes to it (any case, optional final slash). */
function patternOf(path: string): RegExp {
  const escaped = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[A-Za-z_][A-Za-z0-9_]*\\?\}/g, '[^/]+');
  return new RegExp(`^${escaped}/?$`, 'i');
}

/** Whether a path is that of an operation of some version of the API (whatever the method). */
export function apiOperationPath(): (path: string) => boolean {
  const templates = new Set(
    API_VERSIONS.flatMap((version) =>
      contextsIn(version).flatMap(({ table }) => operationsIn(table, version).map((operation) => `${version.prefix}${operation.path}`)),
    ),
  );
  const patterns = [...templates].map(patternOf);
  return (path) => patterns.some((pattern) => pattern.test(path));
}

/**
 * Whether a request path is served by this service, whatever the method (a wrong method is its
 * 405, not the legacy backend's): a path of an operation of any version, or of the documentation,
 * health and metrics endpoints. Built from the route tables, so that moving an endpoint from the
 * legacy backend to this service is declaring its operation, nothing more.
 */
export function servedHere(): (path: string) => boolean {
  const operationPath = apiOperationPath();
  return (path) => OWN_PATHS.some((pattern) => pattern.test(path)) || operationPath(path);
}
