import express from 'express';
import type { Request, RequestHandler, Response, Router } from 'express';

import type { GetUserById, RegisterUser } from '@proj/application';

import { entityTag } from '../http/entity-tag.js';
import { methodNotAllowed } from '../http/method-not-allowed.js';
import { RegisterUserBody, UserIdParams } from './accounts-schemas.js';
import { toUserResponse } from './user-response.js';

/** The use cases the accounts routes call. */
export interface AccountsUseCases {
  readonly registerUser: Pick<RegisterUser, 'execute'>;
  readonly getUserById: Pick<GetUserById, 'execute'>;
}

export interface AccountsRouterOptions {
  /** Body parsing for the routes that take a body (see `jsonBody`). */
  readonly jsonBody: RequestHandler;
}

const USERS_PATH = '/v1/accounts/users';
const USER_PATH = '/v1/accounts/users/:user_id';

/**
 * Routes of the accounts context, with full paths: mount at the root. Handlers parse, execute,
 * map and respond; every error goes to the error handler (Express 5 forwards rejections).
 */
export function createAccountsRouter(useCases: AccountsUseCases, options: AccountsRouterOptions): Router {
  const router = express.Router();

  router
    .route(USERS_PATH)
    .post(options.jsonBody, async function registerUser(req: Request, res: Response): Promise<void> {
      const body = RegisterUserBody.parse(req.body);
      const user = await useCases.registerUser.execute({
        email: body.email,
        fullName: body.full_name,
        isActive: body.is_active,
      });
      res
        .status(201)
        .location(`${USERS_PATH}/${encodeURIComponent(user.id)}`)
        .set('ETag', entityTag(user.version))
        .json(toUserResponse(user));
    })
    .all(methodNotAllowed(['POST']));

  router
    .route(USER_PATH)
    .get(async function getUserById(req: Request, res: Response): Promise<void> {
      const params = UserIdParams.parse(req.params);
      const user = await useCases.getUserById.execute({ userId: params.user_id });
      // With the ETag set, Express answers a matching If-None-Match with 304 and no body.
      res.status(200).set('ETag', entityTag(user.version)).json(toUserResponse(user));
    })
    .all(methodNotAllowed(['GET']));

  return router;
}
