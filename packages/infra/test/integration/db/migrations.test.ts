import { expect } from 'chai';
import { Kysely, NO_MIGRATIONS, PostgresDialect, sql } from 'kysely';
import pg from 'pg';

import { createMigrator, migrateToLatest } from '../../../src/index.js';
import type { TestDatabase } from '../../../src/testing/index.js';
import { sharedPostgres } from '../../support/postgres.js';

describe('migrations', () => {
  let database: TestDatabase;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let db: Kysely<any>;

  beforeEach(async () => {
    database = await (await sharedPostgres()).createDatabase();
    db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 4 }) }) });
  });

  afterEach(async () => {
    await db.destroy();
    await database.drop();
  });

  async function tables(): Promise<string[]> {
    const { rows } = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' and table_name not like 'schema_migrations%' order by 1`.execute(db);
    return rows.map((row) => row.table_name);
  }

  it('rolls every migration down to an empty schema and back up again', async () => {
    const migrator = createMigrator(db);
    expect(await tables()).to.deep.equal(['users']);
    const down = await migrator.migrateTo(NO_MIGRATIONS);
    expect(down.error).to.equal(undefined);
    expect(await tables()).to.deep.equal([]);
    expect(await migrateToLatest(db)).to.have.length.greaterThan(0);
    expect(await tables()).to.deep.equal(['users']);
  });

  it('is a no-op when already at the latest migration, even when several run at once', async () => {
    const runs = await Promise.all([migrateToLatest(db), migrateToLatest(db), migrateToLatest(db)]);
    expect(runs.flat()).to.deep.equal([]);
  });
});
