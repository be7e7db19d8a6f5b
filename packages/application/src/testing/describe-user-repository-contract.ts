import { expect } from 'chai';

import { UserAlreadyExistsError, UserId } from '@proj/domain';

import type { UserRepository } from '../accounts/user-repository.js';
import { aUser } from './a-user.js';

/**
 * The behaviour every UserRepository must have. Run it against the in-memory fake and against
 * each real adapter so they cannot drift apart. `make` is called before each test and must return
 * a repository over an empty store.
 */
export function describeUserRepositoryContract(name: string, make: () => Promise<UserRepository>): void {
  describe(`${name} (UserRepository contract)`, () => {
    let users: UserRepository;

    beforeEach(async () => {
      users = await make();
    });

    it('finds a registered user with every field intact', async () => {
      const user = aUser({ fullName: 'Ada Lovelace', isActive: false, registeredAt: new Date('2026-03-04T05:06:07.891Z') });
      await users.register(user);
      const found = await users.findById(user.id);
      expect(found?.toSnapshot()).to.deep.equal(user.toSnapshot());
    });

    it('returns undefined for an unknown id', async () => {
      expect(await users.findById(UserId.of('20000000-0000-4000-8000-000000000000'))).to.equal(undefined);
    });

    it('rejects a second user with the same e-mail in another letter case', async () => {
      await users.register(aUser({ email: 'grace@example.com' }));
      const rejection = await users.register(aUser({ email: 'GRACE@example.com' })).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(rejection).to.be.instanceOf(UserAlreadyExistsError);
    });

    it('lets exactly one of many concurrent registrations of one e-mail succeed', async () => {
      const attempts = ['Dup@Example.com', 'dup@example.com', 'DUP@EXAMPLE.COM', 'dUp@example.com', 'duP@example.com'];
      const results = await Promise.allSettled(attempts.map((email) => users.register(aUser({ email }))));
      expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
      for (const r of results.filter((r) => r.status === 'rejected')) {
        expect((r as PromiseRejectedResult).reason).to.be.instanceOf(UserAlreadyExistsError);
      }
    });
  });
}
