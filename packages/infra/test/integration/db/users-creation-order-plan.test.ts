import { expect } from 'chai';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';

import { UserId } from '@proj/domain';

import { KyselyUserRepository, type Database } from '../../../src/index.js';
import type { TestDatabase } from '../../../src/testing/index.js';
import { sharedPostgres } from '../../support/postgres.js';

const USERS = 20_000;

/**
 * The page queries of KyselyUserRepository, exactly as it sends them, explained by PostgreSQL over
 * enough rows that a sequential scan and a sort would be the cheaper plan without the indexes.
 */
describe('KyselyUserRepository page queries', function () {
  this.timeout(120_000);

  let database: TestDatabase;
  let db: Kysely<Database>;
  const sent: Array<{ sql: string; parameters: readonly unknown[] }> = [];

  before(async () => {
    database = await (await sharedPostgres()).createDatabase();
    db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }),
      log: (event) => {
        if (event.level === 'query') sent.push({ sql: event.query.sql, parameters: event.query.parameters });
      },
    });
    await sql`
      insert into users (id, email, full_name, is_active, created_at, updated_at)
      select gen_random_uuid(), 'user' || n || '@example.com', 'User ' || n, n % 10 <> 0,
             timestamptz '2026-01-01' + n * interval '1 millisecond', now()
      from generate_series(1, ${USERS}) as n`.execute(db);
    await sql`analyze users`.execute(db);
  });

  after(async () => {
    await db.destroy();
    await database.drop();
  });

  async function planOf(list: (users: KyselyUserRepository) => Promise<unknown>): Promise<string> {
    sent.length = 0;
    await list(new KyselyUserRepository(db));
    const [query] = sent;
    if (query === undefined) throw new Error('the repository sent no query');
    // Bound by position, as the driver sends them, so the planner sees the values a request has.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const result = await client.query<{ 'QUERY PLAN': string }>(`explain ${query.sql}`, [...query.parameters]);
      return result.rows.map((row) => row['QUERY PLAN']).join('\n');
    } finally {
      await client.end();
    }
  }

  const middle = { createdAt: new Date(Date.UTC(2026, 0, 1) + USERS / 2), id: UserId.of('80000000-0000-4000-8000-000000000000') };

  describe('for a page after a cursor', () => {
    it('is a range scan of users_created_at_id_idx, with no sort and no sequential scan', async () => {
      const plan = await planOf((users) => users.listInCreationOrder({ limit: 21, after: middle }));
      expect(plan).to.match(/Index Scan using users_created_at_id_idx on users/);
      expect(plan).to.match(/Index Cond: \(ROW\(created_at, id\) > ROW\(/);
      expect(plan).not.to.match(/Seq Scan|Sort/);
    });
  });

  describe('for the first page', () => {
    it('reads users_created_at_id_idx in order and stops at the limit', async () => {
      const plan = await planOf((users) => users.listInCreationOrder({ limit: 21 }));
      expect(plan).to.match(/Limit[\s\S]*Index Scan using users_created_at_id_idx on users/);
      expect(plan).not.to.match(/Seq Scan|Sort/);
    });
  });

  describe('for a page of inactive users after a cursor', () => {
    it('is a range scan of users_is_active_created_at_id_idx on both the flag and the position', async () => {
      const plan = await planOf((users) => users.listInCreationOrder({ limit: 21, after: middle, isActive: false }));
      expect(plan).to.match(/Index Scan using users_is_active_created_at_id_idx on users/);
      expect(plan).to.match(/Index Cond: \(\(is_active = false\) AND \(ROW\(created_at, id\) > ROW\(/);
      expect(plan).not.to.match(/Seq Scan|Sort|Filter/);
    });
  });
});
