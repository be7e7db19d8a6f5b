import type { Express } from 'express';

import { toOpenApiPath } from '../../../src/openapi/validate-responses.js';

/** `GET /v1/accounts/users/{user_id}`: a method and a path in OpenAPI's template syntax. */
export type Operation = string;

interface Layer {
  readonly route?: { readonly path: string; readonly methods: Readonly<Record<string, boolean>> };
  readonly handle?: { readonly stack?: readonly Layer[] };
  readonly slash?: boolean;
}

/**
 * Every method + path registered as an Express route, nested routers included. Routers are mounted
 * at the root with full paths (see createApp); one mounted under a prefix would make the paths
 * here wrong, so it is refused.
 */
export function expressOperations(app: Express): Operation[] {
  const operations: Operation[] = [];
  const visit = (stack: readonly Layer[]): void => {
    for (const layer of stack) {
      if (layer.route !== undefined) {
        for (const [method, handled] of Object.entries(layer.route.methods)) {
          if (handled && method !== '_all') operations.push(`${method.toUpperCase()} ${toOpenApiPath(layer.route.path)}`);
        }
      } else if (layer.handle?.stack !== undefined) {
        if (layer.slash !== true) throw new Error('a router is mounted under a prefix: mount routers at the root with full paths');
        visit(layer.handle.stack);
      }
    }
  };
  visit((app as unknown as { router: { stack: readonly Layer[] } }).router.stack);
  return operations.sort();
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every operation an OpenAPI document describes. */
export function documentedOperations(document: unknown): Operation[] {
  const paths = (document as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
  return Object.entries(paths)
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => HTTP_METHODS.includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    )
    .sort();
}

/** What the app serves but the document omits, and what the document promises but no route serves. */
export function compareRoutesWithDocument(
  app: Express,
  document: unknown,
  notApiOperations: readonly Operation[],
): { readonly undocumented: Operation[]; readonly unrouted: Operation[] } {
  const routed = expressOperations(app).filter((operation) => !notApiOperations.includes(operation));
  const documented = documentedOperations(document);
  return {
    undocumented: routed.filter((operation) => !documented.includes(operation)),
    unrouted: documented.filter((operation) => !routed.includes(operation)),
  };
}
