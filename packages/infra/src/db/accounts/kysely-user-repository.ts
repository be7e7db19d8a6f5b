import {
  createQueryId,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
} from 'kysely';

import type { UserListCriteria, UserRepository } from '@proj/application';
import { UserAlreadyExistsError, UserVersionMismatchError, type User, type UserId } from '@proj/domain';

import { rethrowDatabaseError, type UniqueViolations } from '../connection/map-pg-error.js';
import type { Database } from '../schema/database.js';
import { toNewUserRow, toUser, toUserRowUpdate, USER_COLUMNS, type UserRow } from './user-row-mapper.js';

/**
 * Any unique index of `users` taken means the user exists: the address, one that looks the same
 * (its skeleton, decision 0113), or the id (a repeated registration).
 */
const USER_EXISTS: UniqueViolations = {
  users_email_lower_key: (cause) => new UserAlreadyExistsError({ cause }),
  users_email_skeleton_key: (cause) => new UserAlreadyExistsError({ cause }),
  users_pkey: (cause) => new UserAlreadyExistsError({ cause }),
};

/**
 * Builds SQL without running it: the read by id is the service's hottest query, and building and
 * compiling it with Kysely on every call costs more CPU than the rest of its JavaScript (about
 * 20 µs a read under load). It is compiled once here; only its one parameter changes per call.
 */
const compileOnly = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});
const findByIdQuery = (forUpdate: boolean): CompiledQuery<UserRow> =>
  compileOnly
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where('id', '=', '')
    .$if(forUpdate, (query) => query.forUpdate())
    .compile();
const FIND_BY_ID = findByIdQuery(false);
const FIND_BY_ID_FOR_UPDATE = findByIdQuery(true);

/** UserRepository over PostgreSQL. Works on a Kysely instance or inside a transaction. */
export class KyselyUserRepository implements UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findById(id: UserId): Promise<User | undefined> {
    return this.#findById(id, { forUpdate: false });
  }

  /** `select ... for update`: in a transaction, other writers of the row wait until it ends. */
  findByIdForUpdate(id: UserId): Promise<User | undefined> {
    return this.#findById(id, { forUpdate: true });
  }

  async #findById(id: UserId, lock: { readonly forUpdate: boolean }): Promise<User | undefined> {
    const template = lock.forUpdate ? FIND_BY_ID_FOR_UPDATE : FIND_BY_ID;
    const { rows } = await this.db
      .executeQuery<UserRow>({ ...template, parameters: [id.value], queryId: createQueryId() })
      .catch(rethrowDatabaseError);
    const row = rows[0];
    return row ? toUser(row) : undefined;
  }

  /**
   * `where (created_at, id) > ($1, $2) order by created_at, id limit $3`: a range scan of
   * `users_created_at_id_idx`, or of `users_is_active_created_at_id_idx` with the flag.
   */
  async listInCreationOrder(criteria: UserListCriteria): Promise<User[]> {
    const { after, isActive, limit } = criteria;
    let query = this.db.selectFrom('users').select(USER_COLUMNS);
    if (isActive !== undefined) query = query.where('is_active', '=', isActive);
    if (after !== undefined) {
      query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after.createdAt, after.id.value)));
    }
    const rows = await query.orderBy('created_at').orderBy('id').limit(limit).execute().catch(rethrowDatabaseError);
    return rows.map(toUser);
  }

  async register(user: User): Promise<void> {
    await this.db
      .insertInto('users')
      .values(toNewUserRow(user))
      .execute()
      .catch((error: unknown) => rethrowDatabaseError(error, USER_EXISTS));
  }

  /**
   * `update users set ... where id = $1 and version = $2`. Under READ COMMITTED a concurrent
   * writer of the same row makes this statement wait for it, then re-check the version against
   * the committed row, so of two writers from one version exactly one updates a row.
   */
  async update(user: User, condition: { readonly expectedVersion: number }): Promise<void> {
    const result = await this.db
      .updateTable('users')
      .set(toUserRowUpdate(user))
      .where('id', '=', user.id.value)
      .where('version', '=', condition.expectedVersion)
      .executeTakeFirst()
      .catch(rethrowDatabaseError);
    if (result.numUpdatedRows === 0n) throw new UserVersionMismatchError(user.id.value, condition.expectedVersion);
  }
}
