import { expect } from 'chai';

import { aUser, RecordingLogger } from '@proj/application/testing';

import { createDatabase, KyselyUnitOfWork, type Database } from '../../../src/index.js';
import type { TestDatabase } from '../../../src/testing/index.js';
import { sharedPostgres } from '../../support/postgres.js';

import type { Kysely } from 'kysely';

describe('KyselyUnitOfWork', () => {
  let database: TestDatabase;
  let db: Kysely<Database>;

  before(async () => {
    database = await (await sharedPostgres()).createDatabase();
    db = createDatabase({ url: database.url, poolMax: 4, statementTimeoutMs: 5_000, connectTimeoutMs: 2_000, logger: new RecordingLogger() });
  });

  after(async () => {
    await db.destroy();
    await database.drop();
  });

  const count = async (): Promise<number> => (await database.query<{ n: number }>('select count(*)::int as n from users'))[0]?.n ?? -1;

  it('commits both writes when the work succeeds', async () => {
    const before = await count();
    await new KyselyUnitOfWork(db).run(async ({ users }) => {
      await users.register(aUser());
      await users.register(aUser());
    });
    expect(await count()).to.equal(before + 2);
  });

  it('writes nothing when a failure is injected between two writes', async () => {
    const before = await count();
    const failing = new KyselyUnitOfWork(db).run(async ({ users }) => {
      await users.register(aUser());
      throw new Error('injected between writes');
    });
    await expect(failing).to.be.rejectedWith('injected between writes');
    expect(await count()).to.equal(before);
  });
});
