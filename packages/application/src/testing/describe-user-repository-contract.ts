import { expect } from 'chai';

import { FullName, UserAlreadyExistsError, UserId, UserVersionMismatchError, type User } from '@proj/domain';

import type { UserRepository } from '../accounts/user-repository.js';
import { aUser } from './a-user.js';

const T0 = new Date('2026-02-01T00:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

async function settle(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

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
      expect(await users.findByIdForUpdate(UserId.of('20000000-0000-4000-8000-000000000000'))).to.equal(undefined);
    });

    it('finds a user for update with every field intact', async () => {
      const user = aUser({ fullName: 'Ada Lovelace', isActive: false, registeredAt: new Date('2026-03-04T05:06:07.891Z') });
      await users.register(user);
      expect((await users.findByIdForUpdate(user.id))?.toSnapshot()).to.deep.equal(user.toSnapshot());
    });

    it('rejects a second user with the same e-mail in another letter case', async () => {
      await users.register(aUser({ email: 'grace@example.com' }));
      const rejection = await settle(users.register(aUser({ email: 'GRACE@example.com' })));
      expect(rejection).to.be.instanceOf(UserAlreadyExistsError);
    });

    it('lets exactly one of many concurrent registrations of one e-mail succeed', async () => {
      const attempts = ['Dup@Example.com', 'dup@example.com', 'DUP@EXAMPLE.COM', 'dUp@example.com', 'duP@example.com'];
      const results = await Promise.allSettled(attempts.map((email) => users.register(aUser({ email }))));
      expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
      for (const r of results.filter((r) => r.status === 'rejected')) {
        expect(r.reason).to.be.instanceOf(UserAlreadyExistsError);
      }
    });

    describe('listInCreationOrder', () => {
      const ids = (list: readonly User[]): string[] => list.map((user) => user.id.value);

      it('returns an empty array when there are no users', async () => {
        expect(await users.listInCreationOrder({ limit: 10 })).to.deep.equal([]);
      });

      it('orders by creation time, then by id when times are equal, whatever the registration order', async () => {
        const late = aUser({ id: '30000000-0000-4000-8000-000000000001', registeredAt: at(2) });
        const tieB = aUser({ id: '30000000-0000-4000-8000-0000000000bb', registeredAt: at(1) });
        const tieA = aUser({ id: '30000000-0000-4000-8000-0000000000aa', registeredAt: at(1) });
        const early = aUser({ id: '30000000-0000-4000-8000-0000000000ff', registeredAt: at(0) });
        for (const user of [late, tieB, tieA, early]) await users.register(user);
        expect(ids(await users.listInCreationOrder({ limit: 10 }))).to.deep.equal(ids([early, tieA, tieB, late]));
      });

      it('returns at most `limit` users, strictly after the position given', async () => {
        const registered = [0, 1, 1, 1, 2, 3].map((second) => aUser({ registeredAt: at(second) }));
        for (const user of registered) await users.register(user);
        const all = await users.listInCreationOrder({ limit: 100 });
        expect(all).to.have.length(6);
        const firstTwo = await users.listInCreationOrder({ limit: 2 });
        expect(ids(firstTwo)).to.deep.equal(ids(all.slice(0, 2)));
        // After the middle of a run of equal times: the tie-break on id must carry the position.
        const middle = all[2] as User;
        const rest = await users.listInCreationOrder({ limit: 100, after: { createdAt: middle.createdAt, id: middle.id } });
        expect(ids(rest)).to.deep.equal(ids(all.slice(3)));
      });

      it('keeps only users with the requested active flag', async () => {
        const active = aUser({ isActive: true, registeredAt: at(0) });
        const inactive = aUser({ isActive: false, registeredAt: at(1) });
        await users.register(active);
        await users.register(inactive);
        expect(ids(await users.listInCreationOrder({ limit: 10, isActive: true }))).to.deep.equal(ids([active]));
        expect(ids(await users.listInCreationOrder({ limit: 10, isActive: false }))).to.deep.equal(ids([inactive]));
      });

      it('returns users with every field intact', async () => {
        const user = aUser({ fullName: 'Grace Hopper', isActive: false, registeredAt: new Date('2026-03-04T05:06:07.891Z') });
        await users.register(user);
        const [listed] = await users.listInCreationOrder({ limit: 1 });
        expect(listed?.toSnapshot()).to.deep.equal(user.toSnapshot());
      });
    });

    describe('update', () => {
      it('stores the new name, active flag, update time and version when the version still matches', async () => {
        const user = aUser({ fullName: 'Ada', registeredAt: at(0) });
        await users.register(user);
        user.rename(FullName.of('Ada King'), at(5));
        user.deactivate(at(5));
        await users.update(user, { expectedVersion: 1 });
        const found = await users.findById(user.id);
        expect(found?.toSnapshot()).to.deep.equal(user.toSnapshot());
        expect(found?.toSnapshot()).to.include({ fullName: 'Ada King', isActive: false, version: 3 });
        expect(found?.updatedAt).to.deep.equal(at(5));
      });

      it('rejects a stale version with UserVersionMismatchError and writes nothing', async () => {
        const user = aUser({ fullName: 'Ada', registeredAt: at(0) });
        await users.register(user);
        user.rename(FullName.of('Ada King'), at(5));
        await users.update(user, { expectedVersion: 1 });
        const stale = (await users.findById(user.id)) as User;
        stale.rename(FullName.of('Someone Else'), at(9));
        const rejection = await settle(users.update(stale, { expectedVersion: 1 }));
        expect(rejection).to.be.instanceOf(UserVersionMismatchError);
        expect(rejection).to.include({ userId: user.id.value, expectedVersion: 1 });
        expect((await users.findById(user.id))?.toSnapshot()).to.include({ fullName: 'Ada King', version: 2 });
      });

      it('rejects an update of a user that does not exist', async () => {
        const ghost = aUser();
        ghost.rename(FullName.of('Nobody'), at(1));
        expect(await settle(users.update(ghost, { expectedVersion: 1 }))).to.be.instanceOf(UserVersionMismatchError);
        expect(await users.findById(ghost.id)).to.equal(undefined);
      });

      it('lets exactly one of several concurrent updates from the same version succeed', async () => {
        const user = aUser({ registeredAt: at(0) });
        await users.register(user);
        const contenders = await Promise.all([1, 2, 3, 4, 5].map(() => users.findById(user.id)));
        const results = await Promise.allSettled(
          contenders.map((contender, i) => {
            (contender as User).rename(FullName.of(`Contender ${i}`), at(10 + i));
            return users.update(contender as User, { expectedVersion: 1 });
          }),
        );
        const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
        expect(winners).to.have.length(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).to.be.instanceOf(UserVersionMismatchError);
        expect((await users.findById(user.id))?.toSnapshot()).to.include({ fullName: `Contender ${winners[0] ?? -1}`, version: 2 });
      });

      it('never changes the e-mail or the creation time', async () => {
        const user = aUser({ email: 'keep@example.com', registeredAt: at(0) });
        await users.register(user);
        user.deactivate(at(3));
        await users.update(user, { expectedVersion: 1 });
        expect((await users.findById(user.id))?.toSnapshot()).to.deep.include({
          email: 'keep@example.com',
          createdAt: at(0),
          updatedAt: at(3),
        });
      });
    });
  });
}
