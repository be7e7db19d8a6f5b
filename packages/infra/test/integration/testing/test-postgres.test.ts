import { expect } from 'chai';

import type { TestDatabase } from '../../../src/testing/index.js';
import { sharedPostgres } from '../../support/postgres.js';

describe('startTestPostgres', () => {
  describe('when suites create their databases at the same time', () => {
    let databases: TestDatabase[] = [];

    after(async () => {
      await Promise.all(databases.map((database) => database.drop()));
    });

    it('gives each a migrated database of its own that never sees the others\u2019 rows', async function () {
      this.timeout(60_000);
      const server = await sharedPostgres();
      databases = await Promise.all(Array.from({ length: 6 }, () => server.createDatabase()));
      expect(new Set(databases.map((database) => database.name)).size).to.equal(6);
      await Promise.all(
        databases.map((database, index) =>
          database.query(`insert into users (id, email, full_name) values (gen_random_uuid(), $1, 'Isolated')`, [
            `suite${index}@example.com`,
          ]),
        ),
      );
      for (const [index, database] of databases.entries()) {
        const rows = await database.query<{ email: string }>('select email from users');
        expect(rows).to.deep.equal([{ email: `suite${index}@example.com` }]);
      }
    });
  });

  describe('an empty database', () => {
    it('has no tables and no migration history', async () => {
      const database = await (await sharedPostgres()).createDatabase({ empty: true });
      try {
        const rows = await database.query<{ n: number }>(
          `select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
        );
        expect(rows).to.deep.equal([{ n: 0 }]);
      } finally {
        await database.drop();
      }
    });
  });
});
