import type { Kysely } from 'kysely';

import { RegisterUser, type IdGenerator } from '@proj/application';
import { RecordingLogger } from '@proj/application/testing';

import {
  createDatabase,
  KyselyUnitOfWork,
  KyselyUserRepository,
  SystemClock,
  UuidV7Generator,
  type Database,
  type DatabaseOptions,
} from '../../src/index.js';
import { sharedPostgres, sharedPostgresHooks, type TestDatabase } from '../../src/testing/index.js';

export { sharedPostgres };
export const mochaHooks = sharedPostgresHooks;

/** A database and a pool on it, for the `describe` that calls {@link useMigratedDatabase}. */
export interface DatabaseUnderTest {
  readonly database: TestDatabase;
  readonly db: Kysely<Database>;
}

/** The pool of {@link useMigratedDatabase}: ten connections, 5 s per statement, 2 s to connect unless given. */
type PoolOptions = Partial<Pick<DatabaseOptions, 'poolMax' | 'statementTimeoutMs' | 'connectTimeoutMs'>>;

/**
 * A fresh migrated database of the shared server for the enclosing `describe`: created before its
 * first test, dropped after its last. Read `database` inside tests and hooks only (it is set once
 * the `before` hook ran).
 */
export function useDatabase(): { readonly database: TestDatabase } {
  const handle = {} as { database: TestDatabase };
  before(async () => {
    handle.database = await (await sharedPostgres()).createDatabase();
  });
  after(async () => {
    await handle.database?.drop();
  });
  return handle;
}

/**
 * {@link useDatabase} with a pool on it (see {@link PoolOptions}), destroyed before the database is
 * dropped. Read the fields inside tests and hooks only (they are set once the `before` hook ran).
 */
export function useMigratedDatabase(pool: PoolOptions = {}): DatabaseUnderTest {
  const handle = {} as { database: TestDatabase; db: Kysely<Database> };
  before(async () => {
    handle.database = await (await sharedPostgres()).createDatabase();
    handle.db = createDatabase({
      url: handle.database.url,
      poolMax: 10,
      statementTimeoutMs: 5_000,
      connectTimeoutMs: 2_000,
      ...pool,
      logger: new RecordingLogger(),
    });
  });
  after(async () => {
    await handle.db?.destroy();
    await handle.database?.drop();
  });
  return handle;
}

/** RegisterUser on `db` with the Kysely unit of work and repository, the system clock, and `ids` (UUIDv7 unless given). */
export function registerUserOn(db: Kysely<Database>, ids: IdGenerator = new UuidV7Generator()): RegisterUser {
  return new RegisterUser({
    uow: new KyselyUnitOfWork(db),
    users: new KyselyUserRepository(db),
    clock: new SystemClock(),
    ids,
    logger: new RecordingLogger(),
  });
}
