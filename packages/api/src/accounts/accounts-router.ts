import express, { type Request, type RequestHandler, type Response, type Router } from 'express';

import { type GetUserById, type ListUsers, type RegisterUser, type UpdateUser } from '@proj/application';
import { Scopes } from '@proj/application/edge';

import { entityTag, parseIfMatch } from '../http/support/entity-tag.js';
import { idempotencyOf } from '../http/middleware/idempotency.js';
import { methodNotAllowed } from '../http/middleware/method-not-allowed.js';
import { requireScope } from '../http/middleware/require-scope.js';
import { ListUsersQuery, NoQueryParameters, RegisterUserBody, UpdateUserBody, UserIdParams } from './accounts-schemas.js';
import { toUserPageResponse, toUserResponse } from './user-response.js';

/** The use cases the accounts routes call. */
export interface AccountsUseCases {
  readonly registerUser: Pick<RegisterUser, 'execute'>;
  readonly getUserById: Pick<GetUserById, 'execute'>;
  readonly listUsers: Pick<ListUsers, 'execute'>;
  readonly updateUser: Pick<UpdateUser, 'execute'>;
}

export interface AccountsRouterOptions {
  /** Body parsing for the routes that take a body (see `jsonBody`). */
  readonly jsonBody: RequestHandler;
  /** `Idempotency-Key` handling for POST routes, after the body is parsed (see `idempotency`). */
  readonly idempotent: RequestHandler;
}

const USERS_PATH = '/v1/accounts/users';
const USER_PATH = '/v1/accounts/users/:user_id';

/**
 * Routes of the accounts context, with full paths: mount at the root, behind `authenticate`.
 * Each route first checks its scope (`accounts:read` for reads, `accounts:write` for writes),
 * before the body is even parsed. Handlers parse, execute, map and respond; every error goes to
 * the error handler (Express 5 forwards rejections).
 */
export function createAccountsRouter(useCases: AccountsUseCases, options: AccountsRouterOptions): Router {
  const router = express.Router();

  router
    .route(USERS_PATH)
    .get(requireScope(Scopes.accountsRead), async function listUsers(req: Request, res: Response): Promise<void> {
      const query = ListUsersQuery.parse(req.query);
      const page = await useCases.listUsers.execute({ limit: query.limit, cursor: query.cursor, isActive: query.is_active });
      res.status(200).json(toUserPageResponse(page));
    })
    .post(
      requireScope(Scopes.accountsWrite),
      options.jsonBody,
      options.idempotent,
      async function registerUser(req: Request, res: Response): Promise<void> {
        NoQueryParameters.parse(req.query);
        const body = RegisterUserBody.parse(req.body);
        const idempotency = idempotencyOf(res);
        const user = await useCases.registerUser.execute({
          email: body.email,
          fullName: body.full_name,
          isActive: body.is_active,
          ...(idempotency ? { idempotency } : {}),
        });
        res
          .status(201)
          .location(`${USERS_PATH}/${encodeURIComponent(user.id)}`)
          .set('ETag', entityTag(user.version))
          .json(toUserResponse(user));
      },
    )
    .all(methodNotAllowed(['GET', 'POST']));

  router
    .route(USER_PATH)
    .get(requireScope(Scopes.accountsRead), async function getUserById(req: Request, res: Response): Promise<void> {
      NoQueryParameters.parse(req.query);
      const params = UserIdParams.parse(req.params);
      const user = await useCases.getUserById.execute({ userId: params.user_id });
      // With the ETag set, Express answers a matching If-None-Match with 304 and no body.
      res.status(200).set('ETag', entityTag(user.version)).json(toUserResponse(user));
    })
    .patch(requireScope(Scopes.accountsWrite), options.jsonBody, async function updateUser(req: Request, res: Response): Promise<void> {
      NoQueryParameters.parse(req.query);
      const params = UserIdParams.parse(req.params);
      const body = UpdateUserBody.parse(req.body);
      const precondition = parseIfMatch(req.get('If-Match'));
      const user = await useCases.updateUser.execute({
        userId: params.user_id,
        fullName: body.full_name,
        isActive: body.is_active,
        expectedVersion: precondition.kind === 'versions' ? precondition.versions : undefined,
      });
      res.status(200).set('ETag', entityTag(user.version)).json(toUserResponse(user));
    })
    .all(methodNotAllowed(['GET', 'PATCH']));

  return router;
}
