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

/** The versions the API serves. A version differs from another through its operations' `versions` overrides. */
export const API_VERSIONS: readonly ApiVersion[] = [{ name: 'v1', prefix: '/v1' }];

/** One context's table, with where its use cases are found. */
interface Context {
  readonly table: RouteTable<never>;
  mount(version: ApiVersion, useCases: ContextUseCases, middleware: RouteMiddleware): RequestHandler;
}

function context<U>(table: RouteTable<U>, useCasesOf: (all: ContextUseCases) => U): Context {
  return {
    table,
    mount: (version, useCases, middleware) => mountRoutes(table, version, useCasesOf(useCases), middleware),
  };
}

/** Every context's route table: a new context is one more line here (and its use cases above). */
export const CONTEXTS: readonly Context[] = [
  context(accountsRoutes, (useCases) => useCases.accounts),
  context(captureRoutes, (useCases) => useCases.capture),
];
