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

  describe('20261123000000_index_users_by_creation', () => {
    it('truncates existing creation times to milliseconds, and the default and the check keep them so', async () => {
      const migrator = createMigrator(db);
      expect((await migrator.migrateTo('20261122000000_create_users')).error).to.equal(undefined);
      await sql`insert into users (id, email, full_name, created_at) values ('50000000-0000-4000-8000-000000000001', 'old@example.com', 'Old', '2026-01-01 00:00:00.123456+00')`.execute(db);
      expect(await migrateToLatest(db)).to.deep.equal(['20261123000000_index_users_by_creation']);

      const micros = async (id: string) =>
        (await sql<{ us: number }>`select extract(microseconds from created_at)::int as us from users where id = ${id}`.execute(db)).rows[0]?.us;
      expect(await micros('50000000-0000-4000-8000-000000000001')).to.equal(123_000);
      await sql`insert into users (id, email, full_name) values ('50000000-0000-4000-8000-000000000002', 'new@example.com', 'New')`.execute(db);
      expect(((await micros('50000000-0000-4000-8000-000000000002')) ?? 1) % 1000, 'default time has no microseconds').to.equal(0);
      const precise = sql`insert into users (id, email, full_name, created_at) values (gen_random_uuid(), 'us@example.com', 'Us', '2026-01-01 00:00:00.000001+00')`.execute(db);
      await expect(precise).to.be.rejectedWith(/users_created_at_milliseconds_check/);
    });

    it('adds both creation-order indexes, and its down removes them', async () => {
      const indexes = async () =>
        (await sql<{ indexname: string }>`select indexname from pg_indexes where tablename = 'users' and indexname like '%created_at%' order by 1`.execute(db)).rows.map((r) => r.indexname);
      expect(await indexes()).to.deep.equal(['users_created_at_id_idx', 'users_is_active_created_at_id_idx']);
      expect((await createMigrator(db).migrateTo('20261122000000_create_users')).error).to.equal(undefined);
      expect(await indexes()).to.deep.equal([]);
    });
  });
});
