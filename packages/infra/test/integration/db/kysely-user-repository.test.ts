import { expect } from 'chai';
import { sql } from 'kysely';

import { describeUserRepositoryContract } from '@proj/application/testing';

import { KyselyUserRepository } from '../../../src/index.js';
import { useMigratedDatabase } from '../../support/postgres.js';

describe('KyselyUserRepository', () => {
  const under = useMigratedDatabase();

  describeUserRepositoryContract('on PostgreSQL', async () => {
    // Cascade: capture's artifacts and subspaces refer to users.
    await sql`truncate users cascade`.execute(under.db);
    return new KyselyUserRepository(under.db);
  });

  describe('when the schema is bypassed', () => {
    it('still refuses an upper-case e-mail written directly (the database guards the invariant)', async () => {
      const insert = sql`insert into users (id, email, full_name) values (gen_random_uuid(), 'UPPER@example.com', 'X')`.execute(under.db);
      await expect(insert).to.be.rejectedWith(/users_email_check/);
    });
  });
});
