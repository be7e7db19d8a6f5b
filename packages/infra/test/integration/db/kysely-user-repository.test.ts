import { expect } from 'chai';
import { sql, type Kysely } from 'kysely';

import { describeUserRepositoryContract, RecordingLogger } from '@proj/application/testing';

import { createDatabase, KyselyUserRepository, type Database } from '../../../src/index.js';
import type { TestDatabase } from '../../../src/testing/index.js';
import { sharedPostgres } from '../../support/postgres.js';

describe('KyselyUserRepository', () => {
  let database: TestDatabase;
  let db: Kysely<Database>;

  before(async () => {
    database = await (await sharedPostgres()).createDatabase();
    db = createDatabase({
      url: database.url,
      poolMax: 10,
      statementTimeoutMs: 5_000,
      connectTimeoutMs: 2_000,
      logger: new RecordingLogger(),
    });
  });

  after(async () => {
    await db.destroy();
    await database.drop();
  });

  describeUserRepositoryContract('on PostgreSQL', async () => {
    // Cascade: capture's artifacts and subspaces refer to users.
    await sql`truncate users cascade`.execute(db);
    return new KyselyUserRepository(db);
  });

  describe('when the schema is bypassed', () => {
    it('still refuses an upper-case e-mail written directly (the database guards the invariant)', async () => {
      const insert = sql`insert into users (id, email, full_name) values (gen_random_uuid(), 'UPPER@example.com', 'X')`.execute(db);
      await expect(insert).to.be.rejectedWith(/users_email_check/);
    });
  });
});
