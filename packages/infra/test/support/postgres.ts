import type { Kysely } from 'kysely';

import { RecordingLogger } from '@proj/application/testing';

import { createDatabase, type Database } from '../../src/index.js';
import { sharedPostgres, sharedPostgresHooks, type TestDatabase } from '../../src/testing/index.js';

export { sharedPostgres };
export const mochaHooks = sharedPostgresHooks;

/** A database and a pool on it, for the `describe` that calls {@link useMigratedDatabase}. */
export interface DatabaseUnderTest {
  readonly database: TestDatabase;
  readonly db: Kysely<Database>;
}

/**
 * A fresh migrated database of the shared server for the enclosing `describe`, with a pool of ten
 * on it: created before its first test, dropped after its last. Read the fields inside tests and
 * hooks only (they are set once the `before` hook ran).
 */
export function useMigratedDatabase(): DatabaseUnderTest {
  const handle = {} as { database: TestDatabase; db: Kysely<Database> };
  before(async () => {
    handle.database = await (await sharedPostgres()).createDatabase();
    handle.db = createDatabase({
      url: handle.database.url,
      poolMax: 10,
      statementTimeoutMs: 5_000,
      connectTimeoutMs: 2_000,
      logger: new RecordingLogger(),
    });
  });
  after(async () => {
    await handle.db?.destroy();
    await handle.database?.drop();
  });
  return handle;
}
