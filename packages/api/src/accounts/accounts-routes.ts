import { checkUserFields, type GetUserById, type ListUsers, type RegisterUser, type UpdateUser } from '@proj/application';
import { Scopes } from '@proj/application/edge';

import { problem } from '../http/problems/http-error.js';
import { parseIfMatch } from '../http/support/entity-tag.js';
import { parseHttpDate } from '../http/support/http-date.js';
import { routeTable } from '../routing/route-table.js';
import { ListUsersQuery, RegisterUserBody, UpdateUserBody, UserIdParams, UserPageResponse, UserResponse } from './accounts-schemas.js';
import { toUserPageResponse, toUserResponse, userPageRevision } from './user-response.js';

/** The use cases the accounts operations call. */
export interface AccountsUseCases {
  readonly registerUser: Pick<RegisterUser, 'execute'>;
  readonly getUserById: Pick<GetUserById, 'execute'>;
  readonly listUsers: Pick<ListUsers, 'execute'>;
  readonly updateUser: Pick<UpdateUser, 'execute'>;
}

const EXAMPLE_USER = { user_id: '0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b' };

/** A string field as the use cases take it; anything else was refused by its shape already. */
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** What the accounts use cases check in the fields of a request whose other fields are malformed. */
const checkAccountsFields = (fields: Readonly<Record<string, unknown>>) =>
  checkUserFields({ userId: text(fields['user_id']), email: text(fields['email']), fullName: text(fields['full_name']) });

/** What `PATCH /accounts/users/{user_id}` does, with what a version says about a missing `If-Match`. */
function updateUserDescription(withoutIfMatch: string): string {
  return (
    'Renames and/or (de)activates a user. Send the ETag you read in `If-Match` so that a change made by someone ' +
    'else in between is not overwritten: a stale ETag is a 412 `precondition_failed` and nothing is written; of ' +
    `two concurrent updates with the same \`If-Match\`, exactly one succeeds. ${withoutIfMatch} ` +
    'Answers with the new ETag. ' +
    '`updated_at` moves only when something changes: a request that changes nothing keeps it and the ETag. ' +
    'An unknown user is a 404, whatever `If-Match` says.'
  );
}

/** The accounts operations: users, their registration, reading, listing and update. */
export const accountsRoutes = routeTable<AccountsUseCases>({ name: 'Accounts', description: 'Users and their accounts.' }, (operation) => [
  operation({
    operationId: 'listUsers',
    method: 'get',
    path: '/accounts/users',
    scope: Scopes.accountsRead,
    summary: 'List users',
    description:
      'Returns users in creation order, oldest first, one page at a time. Pages are cut by position (keyset), not ' +
      'by offset: walking every page with `next_cursor` while others register users returns each user that existed ' +
      'when the walk began exactly once. `next_cursor` is opaque and signed; it is `null` on the last page. ' +
      'Keep the same `is_active` filter for the whole walk. A repeated parameter is a 422. A page has an ETag that ' +
      'changes when one of its users does: send it in `If-None-Match` to get 304 while the page is unchanged.',
    request: { query: ListUsersQuery, headerParameters: ['IfNoneMatch', 'IfMatchRead'] },
    responses: {
      200: { description: 'A page of users.', body: UserPageResponse, headers: ['ETag'] },
      304: { description: 'The page has not changed since the ETag given in `If-None-Match`.', headers: ['ETag'] },
    },
    problems: ['precondition_failed'],
    examples: { invalidField: { path: 'cursor', message: 'must be a next_cursor returned by this API, unchanged' } },
    async handle({ query }, { useCases }) {
      const page = await useCases.listUsers.execute({ limit: query.limit, cursor: query.cursor, isActive: query.is_active });
      return { status: 200, body: toUserPageResponse(page), version: userPageRevision(page) };
    },
  }),

  operation({
    operationId: 'registerUser',
    method: 'post',
    path: '/accounts/users',
    scope: Scopes.accountsWrite,
    summary: 'Register a user',
    description:
      'Creates a user. The e-mail is trimmed, lower-cased and must be unique regardless of letter case: of two ' +
      'concurrent registrations of one address, one gets 201 and the other 409 `user_already_exists`.',
    request: {
      body: {
        schema: RegisterUserBody,
        description: 'The new user.',
        examples: {
          minimal: { summary: 'E-mail and name only (active by default)', value: { email: 'ada@example.com', full_name: 'Ada Lovelace' } },
          inactive: {
            summary: 'Registered inactive',
            value: { email: 'grace@example.com', full_name: 'Grace Hopper', is_active: false },
          },
        },
      },
    },
    idempotent: true,
    responses: { 201: { description: 'The user was created.', body: UserResponse, headers: ['Location', 'ETag'] } },
    problems: ['user_already_exists'],
    checkFields: checkAccountsFields,
    async handle({ body }, { useCases, locals, version }) {
      const { idempotency } = locals;
      const user = await useCases.registerUser.execute({
        email: body.email,
        fullName: body.full_name,
        isActive: body.is_active,
        ...(idempotency ? { idempotency } : {}),
      });
      return {
        status: 201,
        body: toUserResponse(user),
        version: user.version,
        headers: { Location: `${version.prefix}/accounts/users/${encodeURIComponent(user.id)}` },
      };
    },
  }),

  operation({
    operationId: 'getUserById',
    method: 'get',
    path: '/accounts/users/{user_id}',
    scope: Scopes.accountsRead,
    summary: 'Get a user',
    description:
      'Returns one user with its ETag. A malformed id is a 422, an unknown one a 404. Send the ETag back in ' +
      '`If-None-Match` to get 304 when the user has not changed, whatever the request says in `Cache-Control`.',
    request: { params: UserIdParams, headerParameters: ['IfNoneMatch', 'IfMatchRead'] },
    responses: {
      200: { description: 'The user.', body: UserResponse, headers: ['ETag'] },
      304: { description: 'The user has not changed since the ETag given in `If-None-Match`.', headers: ['ETag'] },
    },
    problems: ['user_not_found', 'precondition_failed'],
    examples: { params: EXAMPLE_USER, invalidField: { path: 'user_id', message: 'must be a UUID' } },
    async handle({ params }, { useCases }) {
      const user = await useCases.getUserById.execute({ userId: params.user_id });
      return { status: 200, body: toUserResponse(user), version: user.version };
    },
  }),

  operation({
    operationId: 'updateUser',
    method: 'patch',
    path: '/accounts/users/{user_id}',
    scope: Scopes.accountsWrite,
    summary: 'Update a user',
    description: updateUserDescription(
      'Without `If-Match`, an `If-Unmodified-Since` date is honoured instead (412 when the user changed after it); ' +
        'without either, concurrent updates are applied one after the other and none is lost. Deprecated: `/v2` ' +
        'requires `If-Match`; see the versioning policy.',
    ),
    request: {
      params: UserIdParams,
      headerParameters: ['IfMatch', 'IfUnmodifiedSince'],
      body: {
        schema: UpdateUserBody,
        description: 'The fields to change.',
        examples: {
          rename: { summary: 'Rename', value: { full_name: 'Ada King' } },
          deactivate: { summary: 'Deactivate', value: { is_active: false } },
          both: { summary: 'Rename and reactivate', value: { full_name: 'Ada Lovelace', is_active: true } },
        },
      },
    },
    responses: {
      200: {
        description: 'The user as it is now, with its new ETag (the same one when nothing changed).',
        body: UserResponse,
        headers: ['ETag'],
      },
    },
    problems: ['user_not_found', 'precondition_failed'],
    examples: { params: EXAMPLE_USER, invalidField: { path: 'full_name', message: 'must not be blank' } },
    checkFields: checkAccountsFields,
    async handle({ params, body }, { useCases, request }) {
      const precondition = parseIfMatch(request.get('If-Match'));
      let expectedVersion = precondition.kind === 'versions' ? precondition.versions : undefined;
      // RFC 9110 §13.1.4: If-Unmodified-Since counts only without If-Match, and only as an HTTP-date.
      const unmodifiedSince = precondition.kind === 'absent' ? parseHttpDate(request.get('If-Unmodified-Since')) : undefined;
      if (unmodifiedSince !== undefined) {
        const current = await useCases.getUserById.execute({ userId: params.user_id });
        // HTTP dates have whole seconds: a change within the second of the date is not after it.
        if (Math.floor(current.updatedAt.getTime() / 1000) * 1000 > unmodifiedSince) throw problem('precondition_failed');
        // The change applies to the version just checked: one written in between fails it (412).
        expectedVersion = [current.version];
      }
      // `If-None-Match: *` asks for the change only where no user exists: an existing one fails it.
      if (request.get('If-None-Match')?.trim() === '*') {
        await useCases.getUserById.execute({ userId: params.user_id });
        throw problem('precondition_failed');
      }
      const user = await useCases.updateUser.execute({
        userId: params.user_id,
        fullName: body.full_name,
        isActive: body.is_active,
        expectedVersion,
      });
      return { status: 200, body: toUserResponse(user), version: user.version };
    },
    versions: {
      v1: { deprecation: { since: '2026-12-02', sunset: '2027-06-30' } },
      // The one breaking change of v2: an update must say which version it is based on.
      v2: {
        requireIfMatch: true,
        description: updateUserDescription(
          'Without `If-Match` the answer is 428 `precondition_required` and nothing is written (`If-Unmodified-Since` ' +
            'does not replace it, and is ignored beside it).',
        ),
      },
    },
  }),
]);
