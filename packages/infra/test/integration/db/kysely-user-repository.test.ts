import { expect } from 'chai';
import { sql } from 'kysely';

import { describeUserRepositoryContract } from '@proj/application/testing';
import { Email, FullName, User, UserAlreadyExistsError, UserId } from '@proj/domain';

import { KyselyUserRepository } from '../../../src/index.js';
import { useMigratedDatabase } from '../../support/postgres.js';

describe('KyselyUserRepository', () => {
  const under = useMigratedDatabase();

  describeUserRepositoryContract('on PostgreSQL', async () => {
    // Cascade: capture's artifacts and subspaces refer to users.
    await sql`truncate users cascade`.execute(under.db);
    return new KyselyUserRepository(under.db);
  });

  describe('when an address looks like one already registered', () => {
    it('refuses it as the same user (the skeleton is unique)', async () => {
      await sql`truncate users cascade`.execute(under.db);
      const users = new KyselyUserRepository(under.db);
      const register = (id: string, email: string): Promise<void> =>
        users.register(
          User.register({
            id: UserId.of(id),
            email: Email.of(email),
            fullName: FullName.of('Look Alike'),
            isActive: true,
            registeredAt: new Date('2026-12-02T00:00:00Z'),
          }),
        );
      await register('60000000-0000-4000-8000-000000000001', 'ada@example.com');
      await expect(register('60000000-0000-4000-8000-000000000002', '\u0430da@ex\u0430mple.com')).to.be.rejectedWith(
        UserAlreadyExistsError,
      );
      await expect(register('60000000-0000-4000-8000-000000000003', 'ada@xn--exmple-4nf.com')).to.be.rejectedWith(UserAlreadyExistsError);
      await register('60000000-0000-4000-8000-000000000004', 'adb@example.com');
    });
  });

  describe('when the schema is bypassed', () => {
    it('still refuses an upper-case e-mail written directly (the database guards the invariant)', async () => {
      const insert = sql`insert into users (id, email, full_name) values (gen_random_uuid(), 'UPPER@example.com', 'X')`.execute(under.db);
      await expect(insert).to.be.rejectedWith(/users_email_check/);
    });
  });
});
