import { expect } from 'chai';
import { sql, type Kysely } from 'kysely';

import { aUser, RecordingLogger } from '@proj/application/testing';

import { createDatabase, KyselyUnitOfWork, KyselyUserRepository, type Database } from '../../../src/index.js';
import type { TestDatabase } from '../../../src/testing/index.js';
import { sharedPostgres } from '../../support/postgres.js';

describe('createDatabase with prepared statements', () => {
  let database: TestDatabase;
  const opened: Kysely<Database>[] = [];
  const open = (preparedStatements?: boolean): Kysely<Database> => {
    const db = createDatabase({
      url: database.url,
      poolMax: 1,
      statementTimeoutMs: 5_000,
      connectTimeoutMs: 2_000,
      logger: new RecordingLogger(),
      ...(preparedStatements === undefined ? {} : { preparedStatements }),
    });
    opened.push(db);
    return db;
  };
  /** The statements prepared on the pool's single connection, as PostgreSQL lists them. */
  const preparedOn = async (db: Kysely<Database>): Promise<{ name: string; statement: string }[]> =>
    (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements order by name`.execute(db)).rows;

  before(async () => {
    database = await (await sharedPostgres()).createDatabase();
  });

  after(async () => {
    for (const db of opened) await db.destroy();
    await database.drop();
  });

  describe('by default', () => {
    it('prepares each statement with parameters once per connection and reuses it', async () => {
      const db = open();
      const users = new KyselyUserRepository(db);
      const user = aUser();
      await users.register(user);
      for (let read = 0; read < 3; read += 1) expect((await users.findById(user.id))?.id.value).to.equal(user.id.value);
      const prepared = await preparedOn(db);
      const lookups = prepared.filter((statement) => /^select .* from "users" where "id" = \$1$/.test(statement.statement));
      expect(lookups, JSON.stringify(prepared)).to.have.length(1);
      expect(lookups[0]?.name).to.match(/^proj_\d+$/);
      expect(prepared.filter((statement) => statement.statement.startsWith('insert into "users"'))).to.have.length(1);
    });

    it('gives the same answers as unnamed statements, inside transactions too', async () => {
      const db = open();
      const user = aUser();
      await new KyselyUnitOfWork(db).run(({ users }) => users.register(user));
      const plain = new KyselyUserRepository(open(false));
      expect((await new KyselyUserRepository(db).findById(user.id))?.toSnapshot()).to.deep.equal(
        (await plain.findById(user.id))?.toSnapshot(),
      );
    });
  });

  describe('with preparedStatements: false (behind a transaction-mode pooler)', () => {
    it('prepares nothing', async () => {
      const db = open(false);
      const users = new KyselyUserRepository(db);
      await users.findById(aUser().id);
      expect(await preparedOn(db)).to.deep.equal([]);
    });
  });
});
