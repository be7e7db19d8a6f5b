import type { Express } from 'express';

import { createApp, type RequestScope } from '@proj/api';
import {
  CaptureHandler,
  CaptureQueries,
  CreateSubspaceHandler,
  GetUserById,
  ListUsers,
  RecordSignalHandler,
  RegisterUser,
  SystemConfigKeys,
  UpdateUser,
} from '@proj/application';
import type { Settings } from '@proj/infra';

import type { Adapters } from './create-adapters.js';

/**
 * Pure wiring: use cases over the given adapters, mounted in the HTTP app with the settings as
 * they were loaded (they satisfy the app's `ApiSettings`). No I/O here.
 */
export function buildServer(
  adapters: Adapters,
  settings: Settings,
  options: { readonly isDraining?: () => boolean; readonly requestScope?: RequestScope } = {},
): Express {
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
    artifacts,
    subspaces,
    assignment,
  } = adapters;
  const { embeddingDimension } = settings.capture;
  return createApp({
    settings,
    accounts: {
      registerUser: new RegisterUser({ uow, users, clock, ids, logger }),
      getUserById: new GetUserById({ users, cache: userCache }),
      listUsers: new ListUsers({ users, cursors }),
      updateUser: new UpdateUser({ uow, clock, cache: userCache, logger }),
    },
    capture: {
      capture: new CaptureHandler({ artifacts, assignment, config: systemConfig, ids, clock, logger, embeddingDimension }),
      recordSignal: new RecordSignalHandler({ artifacts, ids, clock, logger }),
      createSubspace: new CreateSubspaceHandler({ subspaces, ids, clock, logger, embeddingDimension }),
      queries: new CaptureQueries({ artifacts, subspaces, cursors }),
    },
    logger,
    tokenVerifier,
    healthChecks,
    metrics,
    rateLimiter,
    rateLimitOverride: () => systemConfig.get(SystemConfigKeys.rateLimitPerMinute, settings.rateLimit.perMinute),
    idempotencyStore,
    requestScope: options.requestScope,
    ...(options.isDraining ? { isDraining: options.isDraining } : {}),
  });
}
