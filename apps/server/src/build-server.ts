import { createApp } from '@proj/api';
import { GetUserById, RegisterUser } from '@proj/application';

import type { Express } from 'express';

import type { Adapters } from './create-adapters.js';

export interface ServerOptions {
  readonly bodyLimit: string;
  readonly isDraining?: () => boolean;
}

/** Pure wiring: use cases over the given adapters, mounted in the HTTP app. No I/O here. */
export function buildServer(adapters: Adapters, options: ServerOptions): Express {
  const { users, clock, ids, logger, healthChecks } = adapters;
  return createApp({
    accounts: {
      registerUser: new RegisterUser({ users, clock, ids }),
      getUserById: new GetUserById({ users }),
    },
    logger,
    healthChecks,
    bodyLimit: options.bodyLimit,
    ...(options.isDraining ? { isDraining: options.isDraining } : {}),
  });
}
