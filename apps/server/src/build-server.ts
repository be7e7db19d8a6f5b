import { createApp } from '@proj/api';
import { GetUserById, ListUsers, RegisterUser, UpdateUser } from '@proj/application';

import type { Express } from 'express';

import type { Adapters } from './create-adapters.js';

export interface ServerOptions {
  readonly bodyLimit: string;
  /** Origins browsers may call the API from; default none. */
  readonly corsOrigins?: readonly string[];
  readonly isDraining?: () => boolean;
  /** Check responses against the OpenAPI document (development and test; costs a parse per response). */
  readonly validateResponses?: boolean;
}

/** Pure wiring: use cases over the given adapters, mounted in the HTTP app. No I/O here. */
export function buildServer(adapters: Adapters, options: ServerOptions): Express {
  const { users, uow, cursors, clock, ids, logger, tokenVerifier, healthChecks, metrics } = adapters;
  return createApp({
    accounts: {
      registerUser: new RegisterUser({ users, clock, ids }),
      getUserById: new GetUserById({ users }),
      listUsers: new ListUsers({ users, cursors }),
      updateUser: new UpdateUser({ uow, clock }),
    },
    logger,
    tokenVerifier,
    corsOrigins: options.corsOrigins ?? [],
    healthChecks,
    metrics,
    bodyLimit: options.bodyLimit,
    validateResponses: options.validateResponses ?? false,
    ...(options.isDraining ? { isDraining: options.isDraining } : {}),
  });
}
