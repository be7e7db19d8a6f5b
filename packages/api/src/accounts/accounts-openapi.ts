import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';

import { Scopes } from '@proj/application/edge';

import { bearerSecurity, headerRef, parameterRef, rateLimitHeaderRefs } from '../openapi/openapi-components.js';
import { problemResponses } from '../openapi/problem-responses.js';
import {
  ListUsersQuery,
  NoQueryParameters,
  RegisterUserBody,
  UpdateUserBody,
  UserIdParams,
  UserPageResponse,
  UserResponse,
} from './accounts-schemas.js';

const TAG = 'Accounts';
const USERS_PATH = '/v1/accounts/users';
const USER_PATH = '/v1/accounts/users/{user_id}';
const EXAMPLE_USER_PATH = '/v1/accounts/users/0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b';
const STRICT_QUERY = ' Query parameters it does not define are refused with 422 `validation_failed`.';
/**
 * Problems every v1 operation can answer: no valid token (401), a token without its scope (403),
 * its strict query (422), the rate limit (429), a bug (500), an outage (503).
 */
const EVERY_V1_OPERATION = [401, 403, 422, 429, 500, 503] as const;
const READ_FORBIDDEN_DETAIL = 'The token does not grant the scope this operation needs: accounts:read.';

/** Documents the accounts routes (see `createAccountsRouter`) on `registry`. */
export function registerAccountsOpenApi(registry: OpenAPIRegistry): void {
  registry.register('RegisterUserBody', RegisterUserBody);
  registry.register('UpdateUserBody', UpdateUserBody);
  registry.register('User', UserResponse);
  registry.register('UserPage', UserPageResponse);

  registry.registerPath({
    method: 'get',
    path: USERS_PATH,
    operationId: 'listUsers',
    summary: 'List users',
    description:
      'Returns users in creation order, oldest first, one page at a time. Pages are cut by position (keyset), not ' +
      'by offset: walking every page with `next_cursor` while others register users returns each user that existed ' +
      'when the walk began exactly once. `next_cursor` is opaque and signed; it is `null` on the last page. ' +
      'Keep the same `is_active` filter for the whole walk. A repeated parameter is a 422.' +
      STRICT_QUERY,
    tags: [TAG],
    security: bearerSecurity(Scopes.accountsRead),
    parameters: [parameterRef('RequestId')],
    request: { query: ListUsersQuery },
    responses: {
      200: {
        description: 'A page of users.',
        headers: { 'X-Request-Id': headerRef('X-Request-Id'), ...rateLimitHeaderRefs() },
        content: { 'application/json': { schema: UserPageResponse } },
      },
      ...problemResponses([...EVERY_V1_OPERATION], {
        path: USERS_PATH,
        details: { 403: READ_FORBIDDEN_DETAIL },
        invalidField: { path: 'cursor', message: 'must be a next_cursor returned by this API, unchanged' },
      }),
    },
  });

  registry.registerPath({
    method: 'post',
    path: USERS_PATH,
    operationId: 'registerUser',
    summary: 'Register a user',
    description:
      'Creates a user. The e-mail is trimmed, lower-cased and must be unique regardless of letter case: of two ' +
      'concurrent registrations of one address, one gets 201 and the other 409 `user_already_exists`.' +
      STRICT_QUERY,
    tags: [TAG],
    security: bearerSecurity(Scopes.accountsWrite),
    parameters: [parameterRef('RequestId'), parameterRef('IdempotencyKey')],
    request: {
      query: NoQueryParameters,
      body: {
        required: true,
        description: 'The new user.',
        content: {
          'application/json': {
            schema: RegisterUserBody,
            examples: {
              minimal: {
                summary: 'E-mail and name only (active by default)',
                value: { email: 'ada@example.com', full_name: 'Ada Lovelace' },
              },
              inactive: {
                summary: 'Registered inactive',
                value: { email: 'grace@example.com', full_name: 'Grace Hopper', is_active: false },
              },
            },
          },
        },
      },
    },
    responses: {
      201: {
        description: 'The user was created.',
        headers: {
          'X-Request-Id': headerRef('X-Request-Id'),
          Location: headerRef('Location'),
          ETag: headerRef('ETag'),
          'Idempotent-Replayed': headerRef('Idempotent-Replayed'),
          ...rateLimitHeaderRefs(),
        },
        content: { 'application/json': { schema: UserResponse } },
      },
      ...problemResponses([400, 409, 413, 415, ...EVERY_V1_OPERATION], {
        path: USERS_PATH,
        codes: { 409: 'user_already_exists' },
        notes: {
          409: 'Also `idempotency_in_progress` (with `Retry-After`) while a request with the same `Idempotency-Key` is running.',
          422: 'Also `idempotency_key_reused` when the `Idempotency-Key` was first used with a different body.',
        },
      }),
    },
  });

  registry.registerPath({
    method: 'get',
    path: USER_PATH,
    operationId: 'getUserById',
    summary: 'Get a user',
    description:
      'Returns one user with its ETag. A malformed id is a 422, an unknown one a 404. Send the ETag back in ' +
      '`If-None-Match` to get 304 when the user has not changed.' +
      STRICT_QUERY,
    tags: [TAG],
    security: bearerSecurity(Scopes.accountsRead),
    parameters: [parameterRef('RequestId'), parameterRef('IfNoneMatch')],
    request: { params: UserIdParams, query: NoQueryParameters },
    responses: {
      200: {
        description: 'The user.',
        headers: { 'X-Request-Id': headerRef('X-Request-Id'), ETag: headerRef('ETag'), ...rateLimitHeaderRefs() },
        content: { 'application/json': { schema: UserResponse } },
      },
      304: {
        description: 'The user has not changed since the ETag given in `If-None-Match`.',
        headers: { 'X-Request-Id': headerRef('X-Request-Id'), ETag: headerRef('ETag') },
      },
      ...problemResponses([404, ...EVERY_V1_OPERATION], {
        path: EXAMPLE_USER_PATH,
        codes: { 404: 'user_not_found' },
        details: { 403: READ_FORBIDDEN_DETAIL },
        invalidField: { path: 'user_id', message: 'must be a UUID' },
      }),
    },
  });

  registry.registerPath({
    method: 'patch',
    path: USER_PATH,
    operationId: 'updateUser',
    summary: 'Update a user',
    description:
      'Renames and/or (de)activates a user. Send the ETag you read in `If-Match` so that a change made by someone ' +
      'else in between is not overwritten: a stale ETag is a 412 `precondition_failed` and nothing is written; of ' +
      'two concurrent updates with the same `If-Match`, exactly one succeeds. Without `If-Match`, concurrent updates ' +
      'are applied one after the other and none is lost. Answers with the new ETag. ' +
      '`updated_at` moves only when something changes: a request that changes nothing keeps it and the ETag. ' +
      'An unknown user is a 404, whatever `If-Match` says.' +
      STRICT_QUERY,
    tags: [TAG],
    security: bearerSecurity(Scopes.accountsWrite),
    parameters: [parameterRef('RequestId'), parameterRef('IfMatch')],
    request: {
      params: UserIdParams,
      query: NoQueryParameters,
      body: {
        required: true,
        description: 'The fields to change.',
        content: {
          'application/json': {
            schema: UpdateUserBody,
            examples: {
              rename: { summary: 'Rename', value: { full_name: 'Ada King' } },
              deactivate: { summary: 'Deactivate', value: { is_active: false } },
              both: { summary: 'Rename and reactivate', value: { full_name: 'Ada Lovelace', is_active: true } },
            },
          },
        },
      },
    },
    responses: {
      200: {
        description: 'The user as it is now, with its new ETag (the same one when nothing changed).',
        headers: { 'X-Request-Id': headerRef('X-Request-Id'), ETag: headerRef('ETag'), ...rateLimitHeaderRefs() },
        content: { 'application/json': { schema: UserResponse } },
      },
      ...problemResponses([400, 404, 412, 413, 415, ...EVERY_V1_OPERATION], {
        path: EXAMPLE_USER_PATH,
        codes: { 404: 'user_not_found' },
        invalidField: { path: 'full_name', message: 'must not be blank' },
      }),
    },
  });
}
