import type { RequestHandler } from 'express';

import { accountsRoutes, type AccountsUseCases } from './accounts/accounts-routes.js';
import { captureRoutes, type CaptureUseCases } from './capture/capture-routes.js';
import { mountRoutes, type RouteMiddleware } from './routing/mount-routes.js';
import type { ApiVersion, RouteTable } from './routing/route-table.js';

/** The use cases of every context, as `createApp` is given them. */
export interface ContextUseCases {
  readonly accounts: AccountsUseCases;
  readonly capture: CaptureUseCases;
}

/**
 * The versions the API serves, oldest first: mounting a version is one line here. A version
 * differs from another only through its operations' `versions` overrides (decision 0120).
 */
export const API_VERSIONS: readonly ApiVersion[] = [
  { name: 'v1', prefix: '/v1' },
  { name: 'v2', prefix: '/v2', operationIdSuffix: 'V2' },
];

/**
 * The release of the API the document describes (its `info.version`): the latest entry of the
 * changelog (in the document's description and docs/api-versioning.md). A new version or a
 * deprecation is a new release.
 */
export const API_RELEASE = '2.2.0';

/** One context's table, with where its use cases are found and the versions it is served in. */
interface Context {
  readonly table: RouteTable<never>;
  /** Whether the context is served in `version` (default: every version). */
  servedIn(version: ApiVersion): boolean;
  mount(version: ApiVersion, useCases: ContextUseCases, middleware: RouteMiddleware): RequestHandler;
}

function context<U>(
  table: RouteTable<U>,
  useCasesOf: (all: ContextUseCases) => U,
  options: { readonly onlyIn?: readonly string[] } = {},
): Context {
  return {
    table,
    servedIn: (version) => options.onlyIn?.includes(version.name) ?? true,
    mount: (version, useCases, middleware) => mountRoutes(table, version, useCasesOf(useCases), middleware),
  };
}

/** Every context's route table: a new context is one more line here (and its use cases above). */
export const CONTEXTS: readonly Context[] = [
  context(accountsRoutes, (useCases) => useCases.accounts),
  // Capture has no second version yet: it is served under /v1 only.
  context(captureRoutes, (useCases) => useCases.capture, { onlyIn: ['v1'] }),
];

/** The contexts served in `version`. */
export function contextsIn(version: ApiVersion): readonly Context[] {
  return CONTEXTS.filter((candidate) => candidate.servedIn(version));
}
