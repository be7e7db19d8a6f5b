import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';

import { headerRef, parameterRef } from '../openapi/openapi-components.js';
import { problemResponses } from '../openapi/problem-responses.js';
import { RegisterUserBody, UserIdParams, UserResponse } from './accounts-schemas.js';

const TAG = 'Accounts';

/** Documents the accounts routes (see `createAccountsRouter`) on `registry`. */
export function registerAccountsOpenApi(registry: OpenAPIRegistry): void {
  registry.register('RegisterUserBody', RegisterUserBody);
  registry.register('User', UserResponse);

  registry.registerPath({
    method: 'post',
    path: '/v1/accounts/users',
    operationId: 'registerUser',
    summary: 'Register a user',
    description:
      'Creates a user. The e-mail is trimmed, lower-cased and must be unique regardless of letter case: of two ' +
      'concurrent registrations of one address, one gets 201 and the other 409 `user_already_exists`.',
    tags: [TAG],
    parameters: [parameterRef('RequestId')],
    request: {
      body: {
        required: true,
        description: 'The new user.',
        content: { 'application/json': { schema: RegisterUserBody } },
      },
    },
    responses: {
      201: {
        description: 'The user was created.',
        headers: {
          'X-Request-Id': headerRef('X-Request-Id'),
          Location: headerRef('Location'),
          ETag: headerRef('ETag'),
        },
        content: { 'application/json': { schema: UserResponse } },
      },
      ...problemResponses([400, 409, 413, 415, 422, 500, 503], {
        path: '/v1/accounts/users',
        codes: { 409: 'user_already_exists' },
      }),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/v1/accounts/users/{user_id}',
    operationId: 'getUserById',
    summary: 'Get a user',
    description:
      'Returns one user with its ETag. A malformed id is a 422, an unknown one a 404. Send the ETag back in ' +
      '`If-None-Match` to get 304 when the user has not changed.',
    tags: [TAG],
    parameters: [parameterRef('RequestId'), parameterRef('IfNoneMatch')],
    request: { params: UserIdParams },
    responses: {
      200: {
        description: 'The user.',
        headers: { 'X-Request-Id': headerRef('X-Request-Id'), ETag: headerRef('ETag') },
        content: { 'application/json': { schema: UserResponse } },
      },
      304: {
        description: 'The user has not changed since the ETag given in `If-None-Match`.',
        headers: { 'X-Request-Id': headerRef('X-Request-Id'), ETag: headerRef('ETag') },
      },
      ...problemResponses([404, 422, 500, 503], {
        path: '/v1/accounts/users/0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b',
        codes: { 404: 'user_not_found' },
      }),
    },
  });
}
