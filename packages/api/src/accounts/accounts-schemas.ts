import { z } from '../openapi/zod.js';

const USER_ID_EXAMPLE = '0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b';
const TIMESTAMP_EXAMPLE = '2026-01-01T12:00:00.000Z';

const requiredString = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be ${what}`) });

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
      is_active: z
        .boolean({ error: 'must be true or false' })
        .optional()
        .openapi({ description: 'Defaults to true.', example: true }),
    },
    { error: (issue) => (issue.input === undefined ? 'is required' : 'must be a JSON object') },
  )
  .openapi('RegisterUserBody', {
    description: 'A new user. Unknown fields are rejected.',
    example: { email: 'ada@example.com', full_name: 'Ada Lovelace' },
  });
export type RegisterUserBody = z.infer<typeof RegisterUserBody>;

/** Path parameters of `/v1/accounts/users/{user_id}`. The UUID format is checked by the domain (422). */
export const UserIdParams = z.object({
  user_id: requiredString('a string').openapi({
    format: 'uuid',
    param: { description: 'The user id (a UUID).', example: USER_ID_EXAMPLE },
  }),
});
export type UserIdParams = z.infer<typeof UserIdParams>;

/** The user representation on the wire. */
export const UserResponse = z
  .object({
    id: z.uuid().openapi({ example: USER_ID_EXAMPLE }),
    email: z.string().openapi({ format: 'email', example: 'ada@example.com' }),
    full_name: z.string().openapi({ example: 'Ada Lovelace' }),
    is_active: z.boolean().openapi({ example: true }),
    created_at: z.iso.datetime().openapi({ description: 'ISO 8601, UTC.', example: TIMESTAMP_EXAMPLE }),
    updated_at: z.iso.datetime().openapi({ description: 'ISO 8601, UTC.', example: TIMESTAMP_EXAMPLE }),
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
