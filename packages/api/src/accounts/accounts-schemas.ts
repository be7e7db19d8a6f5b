import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@proj/application';

import { pageLimitParameter, queryValue, requiredString } from '../openapi/request-fields.js';
import { z } from '../openapi/zod.js';

const USER_ID_EXAMPLE = '0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b';
const TIMESTAMP_EXAMPLE = '2026-01-01T12:00:00.000Z';
const CURSOR_EXAMPLE =
  'dTE6MTc2NzI2OTYwMDAwMDowYjZmMWMxZS02ZjhlLTRjMWEtOWE1My0yZjBhNGY0ZTlkN2I.Rk9fZXhhbXBsZV9vbmx5X25vdF9hX3JlYWxfbWFjX3g';

const unknownQueryParameters = { error: 'must be an object' } as const;

/**
 * Body of `POST /v1/accounts/users`. Zod checks the shape (types, required and unknown fields);
 * the domain checks the values (e-mail syntax, name length), so the rules live in one place.
 */
export const RegisterUserBody = z
  .strictObject(
    {
      email: requiredString('a string').openapi({
        format: 'email',
        maxLength: 254,
        description: 'Trimmed and lower-cased; unique regardless of letter case.',
        example: 'ada@example.com',
      }),
      full_name: requiredString('a string').openapi({
        minLength: 1,
        maxLength: 200,
        description: 'Trimmed; 1 to 200 characters, no control characters.',
        example: 'Ada Lovelace',
      }),
      is_active: z.boolean({ error: 'must be true or false' }).optional().openapi({ description: 'Defaults to true.', example: true }),
    },
    { error: (issue) => (issue.input === undefined ? 'is required' : 'must be a JSON object') },
  )
  .openapi('RegisterUserBody', {
    description: 'A new user. Unknown fields are rejected.',
    example: { email: 'ada@example.com', full_name: 'Ada Lovelace' },
  });
export type RegisterUserBody = z.infer<typeof RegisterUserBody>;

/**
 * Body of `PATCH /v1/accounts/users/{user_id}`: the fields to change. That at least one is given
 * is the use case's rule (422 `validation_failed` on `body`), documented here as `minProperties`.
 */
export const UpdateUserBody = z
  .strictObject(
    {
      full_name: z.string({ error: 'must be a string' }).optional().openapi({
        minLength: 1,
        maxLength: 200,
        description: 'The new name: trimmed; 1 to 200 characters, no control characters.',
        example: 'Ada King',
      }),
      is_active: z
        .boolean({ error: 'must be true or false' })
        .optional()
        .openapi({ description: 'false deactivates the user, true activates it again.', example: false }),
    },
    { error: (issue) => (issue.input === undefined ? 'is required' : 'must be a JSON object') },
  )
  .openapi('UpdateUserBody', {
    description:
      'The fields to change; at least one. Unknown fields and null values are rejected. A field equal to its current value changes nothing.',
    minProperties: 1,
    example: { full_name: 'Ada King' },
  });
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

/** Path parameters of `/v1/accounts/users/{user_id}`. The UUID format is checked by the domain (422). */
export const UserIdParams = z.object({
  user_id: requiredString('a string').openapi({
    format: 'uuid',
    param: { description: 'The user id (a UUID).', example: USER_ID_EXAMPLE },
  }),
});
export type UserIdParams = z.infer<typeof UserIdParams>;

/**
 * Query of `GET /v1/accounts/users`. Unknown and repeated parameters are refused. The range of
 * `limit` and the validity of `cursor` are the use case's rules; only their syntax is checked here.
 */
export const ListUsersQuery = z.strictObject(
  {
    limit: pageLimitParameter(MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, 'Page size'),
    cursor: queryValue('a string')
      .optional()
      .openapi({
        param: {
          description:
            'The `next_cursor` of the previous page, unchanged. Omit it for the first page. A cursor this API did not issue, or one that was altered, is a 422.',
          example: CURSOR_EXAMPLE,
        },
      }),
    is_active: queryValue('true or false')
      .pipe(z.enum(['true', 'false'], { error: 'must be true or false' }))
      .transform((value) => value === 'true')
      .optional()
      .openapi({
        type: 'boolean',
        param: { description: 'Only active (`true`) or only inactive (`false`) users; all when omitted.', example: true },
      }),
  },
  unknownQueryParameters,
);
export type ListUsersQuery = z.infer<typeof ListUsersQuery>;

/**
 * The user representation on the wire. Strict, so that response validation catches a field the
 * document does not promise (a leak) as surely as a missing one.
 */
export const UserResponse = z
  .strictObject({
    id: z.uuid().openapi({ example: USER_ID_EXAMPLE }),
    email: z.string().openapi({ format: 'email', example: 'ada@example.com' }),
    full_name: z.string().openapi({ example: 'Ada Lovelace' }),
    is_active: z.boolean().openapi({ example: true }),
    created_at: z.iso.datetime().openapi({ description: 'ISO 8601, UTC.', example: TIMESTAMP_EXAMPLE }),
    updated_at: z.iso.datetime().openapi({
      description: 'ISO 8601, UTC. Moves when a change is made, not on a request that changes nothing.',
      example: TIMESTAMP_EXAMPLE,
    }),
  })
  .openapi('User', {
    description: 'A user account.',
    example: {
      id: USER_ID_EXAMPLE,
      email: 'ada@example.com',
      full_name: 'Ada Lovelace',
      is_active: true,
      created_at: TIMESTAMP_EXAMPLE,
      updated_at: TIMESTAMP_EXAMPLE,
    },
  });
export type UserResponse = z.infer<typeof UserResponse>;

/** One page of `GET /v1/accounts/users`. */
export const UserPageResponse = z
  .strictObject({
    items: z.array(UserResponse).openapi({ description: 'Users in creation order, oldest first.' }),
    next_cursor: z
      .string()
      .nullable()
      .openapi({ description: 'Pass it as `cursor` to get the next page; `null` on the last page.', example: CURSOR_EXAMPLE }),
  })
  .openapi('UserPage', { description: 'A page of users.' });
export type UserPageResponse = z.infer<typeof UserPageResponse>;
