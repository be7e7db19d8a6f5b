import { expect } from 'chai';
import { sql, type Kysely, type Migration } from 'kysely';

import { RecordingLogger } from '@proj/application/testing';

import { migrations } from '../../../src/db/migrations/index.js';
import {
  createMigrator,
  migrateToLatest,
  MigrationFailedError,
  prepareSchema,
  readMigrationStatus,
  rollbackMigrations,
  RollbackTargetError,
  SchemaMismatchError,
  type MigrationList,
} from '../../../src/index.js';
import type { TestDatabase } from '../../../src/testing/index.js';
import { connectTo } from '../../support/connect.js';
import { sharedPostgres } from '../../support/postgres.js';

const REAL = Object.keys(migrations);

/** A migration creating one table; `slowMs` keeps it running so that two runners overlap. */
function createsTable(table: string, options: { slowMs?: number } = {}): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      if (options.slowMs) await sql`select pg_sleep(${options.slowMs / 1000})`.execute(db);
      await db.schema
        .createTable(table)
        .addColumn('id', 'integer', (col) => col.primaryKey())
        .execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>) {
      await db.schema.dropTable(table).execute();
    },
  };
}

const FAILING: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema.createTable('probe_half_done').addColumn('id', 'integer').execute();
    await sql`select 1 / 0`.execute(db);
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async down(db: Kysely<any>) {
    await db.schema.dropTable('probe_half_done').execute();
  },
};

describe('migrations', () => {
  let database: TestDatabase;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let db: Kysely<any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const connect = (max = 4): Kysely<any> => connectTo(database.url, max);

  /** Every table but the history; migrations of this test create tables named probe_*. */
  async function tables(): Promise<string[]> {
    const { rows } = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' and table_name not like 'schema_migrations%' order by 1`.execute(
      db,
    );
    return rows.map((row) => row.table_name);
  }

  const probeTables = async (): Promise<string[]> => (await tables()).filter((name) => name.startsWith('probe_'));

  async function history(): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db);
    return rows.map((row) => row.name);
  }

  afterEach(async () => {
    await db.destroy();
    await database.drop();
  });

  describe('on an empty database', () => {
    beforeEach(async () => {
      database = await (await sharedPostgres()).createDatabase({ empty: true });
      db = connect();
    });

    it('reports every migration as pending before the first run, without creating anything', async () => {
      const status = await readMigrationStatus(db);
      expect(status).to.deep.equal({ applied: [], pending: REAL, unknown: [] });
      expect(await tables()).to.deep.equal([]);
    });

    it('applies every migration once and records when', async () => {
      const startedAt = new Date();
      expect(await migrateToLatest(db)).to.deep.equal(REAL);
      const status = await readMigrationStatus(db);
      expect(status.pending).to.deep.equal([]);
      expect(status.applied.map((m) => m.name)).to.deep.equal(REAL);
      for (const applied of status.applied) expect(applied.appliedAt.getTime()).to.be.at.least(startedAt.getTime() - 1000);
      expect(await migrateToLatest(db)).to.deep.equal([]);
    });

    it('serialises two migrators started at once on separate connections: each migration runs exactly once', async () => {
      const list: MigrationList = {
        ...migrations,
        '29990101000000_slow_one': createsTable('probe_slow_one', { slowMs: 500 }),
        '29990101000001_after_slow': createsTable('probe_after_slow'),
      };
      const [first, second] = [connect(2), connect(2)];
      try {
        const runs = await Promise.all([migrateToLatest(first, { migrations: list }), migrateToLatest(second, { migrations: list })]);
        // Without the lock, the second runner would also run `up` and fail on an existing table.
        const [winner, loser] = runs.sort((a, b) => b.length - a.length);
        expect(winner).to.deep.equal(Object.keys(list));
        expect(loser).to.deep.equal([]);
        expect(await history()).to.deep.equal(Object.keys(list));
      } finally {
        await Promise.all([first.destroy(), second.destroy()]);
      }
    });

    it('rolls back the whole run when a migration fails, names it, and leaves history consistent', async () => {
      const list: MigrationList = { ...migrations, '29990101000000_fine': createsTable('probe_fine'), '29990101000001_broken': FAILING };
      const run = migrateToLatest(db, { migrations: list });
      const error = (await expect(run).to.be.rejectedWith(MigrationFailedError)) as unknown as MigrationFailedError;
      expect(error.migrationName).to.equal('29990101000001_broken');
      expect(error.message).to.contain('29990101000001_broken').and.contain('division by zero').and.contain('22012');
      expect(error.rolledBack).to.deep.equal([...REAL, '29990101000000_fine']);
      // Nothing of the run survived: not the failing migration's table, not the earlier ones'.
      expect(await tables()).to.deep.equal([]);
      expect(await history()).to.deep.equal([]);
      expect((await readMigrationStatus(db, { migrations: list })).pending).to.deep.equal(Object.keys(list));
    });
  });

  describe('on a database at the latest migration', () => {
    const extra: MigrationList = {
      ...migrations,
      '29990101000000_second': createsTable('probe_second'),
      '29990101000001_third': createsTable('probe_third'),
    };

    beforeEach(async () => {
      database = await (await sharedPostgres()).createDatabase();
      db = connect();
      await migrateToLatest(db, { migrations: extra });
    });

    it('rolls back one migration by default, and only it', async () => {
      expect(await rollbackMigrations(db, { migrations: extra })).to.deep.equal(['29990101000001_third']);
      expect(await probeTables()).to.deep.equal(['probe_second']);
      expect((await readMigrationStatus(db, { migrations: extra })).pending).to.deep.equal(['29990101000001_third']);
    });

    it('rolls back to a named migration, which stays applied', async () => {
      expect(await rollbackMigrations(db, { migrations: extra, to: REAL.at(-1) })).to.deep.equal([
        '29990101000001_third',
        '29990101000000_second',
      ]);
      expect(await probeTables()).to.deep.equal([]);
      expect(await history()).to.deep.equal(REAL);
    });

    it('refuses to "roll back" to a pending or unknown migration', async () => {
      await rollbackMigrations(db, { migrations: extra });
      await expect(rollbackMigrations(db, { migrations: extra, to: '29990101000001_third' })).to.be.rejectedWith(
        RollbackTargetError,
        /not applied/,
      );
      await expect(rollbackMigrations(db, { migrations: extra, to: 'nope' })).to.be.rejectedWith(
        RollbackTargetError,
        /no migration is named nope/,
      );
      expect(await probeTables()).to.deep.equal(['probe_second']);
    });

    it('rolls back nothing when a down fails, naming it', async () => {
      const brokenDown: MigrationList = {
        ...extra,
        '29990101000001_third': { up: (db) => createsTable('probe_third').up(db), down: (db) => FAILING.up(db) },
      };
      const error = (await expect(rollbackMigrations(db, { migrations: brokenDown, to: REAL.at(-1) })).to.be.rejectedWith(
        MigrationFailedError,
      )) as unknown as MigrationFailedError;
      expect(error.migrationName).to.equal('29990101000001_third');
      expect(await probeTables()).to.deep.equal(['probe_second', 'probe_third']);
      expect(await history()).to.deep.equal(Object.keys(extra));
    });

    it('reports migrations the build does not know, and the server refuses them', async () => {
      const status = await readMigrationStatus(db);
      expect(status.unknown.map((m) => m.name)).to.deep.equal(['29990101000000_second', '29990101000001_third']);
      await expect(prepareSchema(db, { migrateOnStart: true, logger: new RecordingLogger() })).to.be.rejectedWith(
        SchemaMismatchError,
        /does not know \(29990101000000_second, 29990101000001_third\)/,
      );
    });
  });

  describe('when the server may not migrate on start', () => {
    beforeEach(async () => {
      database = await (await sharedPostgres()).createDatabase({ empty: true });
      db = connect();
    });

    it('refuses pending migrations and changes nothing', async () => {
      await expect(prepareSchema(db, { migrateOnStart: false, logger: new RecordingLogger() })).to.be.rejectedWith(
        SchemaMismatchError,
        /pending migration.*PROJ_MIGRATE_ON_START is false/,
      );
      expect(await tables()).to.deep.equal([]);
    });

    it('applies them when allowed', async () => {
      await prepareSchema(db, { migrateOnStart: true, logger: new RecordingLogger() });
      expect(await history()).to.deep.equal(REAL);
    });
  });

  describe('20261123000000_index_users_by_creation', () => {
    beforeEach(async () => {
      database = await (await sharedPostgres()).createDatabase();
      db = connect();
    });

    it('truncates existing creation times to milliseconds, and the default and the check keep them so', async () => {
      const migrator = createMigrator(db);
      expect((await migrator.migrateTo('20261122000000_create_users')).error).to.equal(undefined);
      await sql`insert into users (id, email, full_name, created_at) values ('50000000-0000-4000-8000-000000000001', 'old@example.com', 'Old', '2026-01-01 00:00:00.123456+00')`.execute(
        db,
      );
      expect(await migrateToLatest(db)).to.include('20261123000000_index_users_by_creation');

      const micros = async (id: string) =>
        (await sql<{ us: number }>`select extract(microseconds from created_at)::int as us from users where id = ${id}`.execute(db)).rows[0]
          ?.us;
      expect(await micros('50000000-0000-4000-8000-000000000001')).to.equal(123_000);
      await sql`insert into users (id, email, full_name) values ('50000000-0000-4000-8000-000000000002', 'new@example.com', 'New')`.execute(
        db,
      );
      expect(((await micros('50000000-0000-4000-8000-000000000002')) ?? 1) % 1000, 'default time has no microseconds').to.equal(0);
      const precise =
        sql`insert into users (id, email, full_name, created_at) values (gen_random_uuid(), 'us@example.com', 'Us', '2026-01-01 00:00:00.000001+00')`.execute(
          db,
        );
      await expect(precise).to.be.rejectedWith(/users_created_at_milliseconds_check/);
    });

    it('adds both creation-order indexes, and its down removes them', async () => {
      const indexes = async () =>
        (
          await sql<{
            indexname: string;
          }>`select indexname from pg_indexes where tablename = 'users' and indexname like '%created_at%' order by 1`.execute(db)
        ).rows.map((r) => r.indexname);
      expect(await indexes()).to.deep.equal(['users_created_at_id_idx', 'users_is_active_created_at_id_idx']);
      expect((await createMigrator(db).migrateTo('20261122000000_create_users')).error).to.equal(undefined);
      expect(await indexes()).to.deep.equal([]);
    });
  });
});
