import type { Express } from 'express';

import { createApp } from '@proj/api';
import { GetUserById, ListUsers, RegisterUser, SystemConfigKeys, UpdateUser } from '@proj/application';
import type { Settings } from '@proj/infra';

import type { Adapters } from './create-adapters.js';

export interface ServerOptions {
  readonly bodyLimit: string;
  /** Origins browsers may call the API from; default none. */
  readonly corsOrigins?: readonly string[];
  readonly trustProxy: boolean | number;
  /** Configured requests per minute per caller; a runtime setting may override it; 0 = off. */
  readonly rateLimitPerMinute: number;
  readonly idempotency: { readonly leaseMs: number; readonly retentionMs: number };
  readonly isDraining?: () => boolean;
  /** Check responses against the OpenAPI document (development and test; costs a parse per response). */
  readonly validateResponses?: boolean;
}

/** The server options that come from the settings. */
export function serverOptionsFrom(settings: Settings, isDraining?: () => boolean): ServerOptions {
  return {
    bodyLimit: settings.http.bodyLimit,
    corsOrigins: settings.http.corsOrigins,
    trustProxy: settings.http.trustProxy,
    rateLimitPerMinute: settings.rateLimit.perMinute,
    idempotency: { leaseMs: settings.idempotency.leaseSeconds * 1000, retentionMs: settings.idempotency.retentionSeconds * 1000 },
    validateResponses: settings.http.validateResponses,
    ...(isDraining ? { isDraining } : {}),
  };
}

/** Pure wiring: use cases over the given adapters, mounted in the HTTP app. No I/O here. */
export function buildServer(adapters: Adapters, options: ServerOptions): Express {
  const {
    users,
    uow,
    userCache,
    cursors,
    clock,
    ids,
    logger,
    tokenVerifier,
    healthChecks,
    metrics,
    rateLimiter,
    idempotencyStore,
    systemConfig,
  } = adapters;
  return createApp({
    accounts: {
      registerUser: new RegisterUser({ uow, users, clock, ids }),
      getUserById: new GetUserById({ users, cache: userCache }),
      listUsers: new ListUsers({ users, cursors }),
      updateUser: new UpdateUser({ uow, clock, cache: userCache }),
    },
    logger,
    tokenVerifier,
    corsOrigins: options.corsOrigins ?? [],
    healthChecks,
    metrics,
    bodyLimit: options.bodyLimit,
    validateResponses: options.validateResponses ?? false,
    trustProxy: options.trustProxy,
    rateLimit: {
      limiter: rateLimiter,
      limitPerMinute: () => systemConfig.get(SystemConfigKeys.rateLimitPerMinute, options.rateLimitPerMinute),
    },
    idempotency: { store: idempotencyStore, ...options.idempotency },
    ...(options.isDraining ? { isDraining: options.isDraining } : {}),
  });
}
