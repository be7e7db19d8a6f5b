import type { Kysely } from 'kysely';

import type { UserRepository } from '@proj/application';
import { UserAlreadyExistsError, type User, type UserId } from '@proj/domain';

import type { Database } from '../database.js';
import { isUniqueViolation, mapUnavailable } from '../map-pg-error.js';
import { toNewUserRow, toUser } from './user-row-mapper.js';

const USER_COLUMNS = ['id', 'email', 'full_name', 'is_active', 'created_at', 'updated_at', 'version'] as const;

/** UserRepository over PostgreSQL. Works on a Kysely instance or inside a transaction. */
export class KyselyUserRepository implements UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async findById(id: UserId): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('users')
      .select(USER_COLUMNS)
      .where('id', '=', id.value)
      .executeTakeFirst()
      .catch((error: unknown) => {
        throw mapUnavailable(error);
      });
    return row ? toUser(row) : undefined;
  }

  async register(user: User): Promise<void> {
    await this.db
      .insertInto('users')
      .values(toNewUserRow(user))
      .execute()
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'users_email_lower_key') || isUniqueViolation(error, 'users_pkey')) {
          throw new UserAlreadyExistsError({ cause: error });
        }
        throw mapUnavailable(error);
      });
  }
}
