import { expect } from 'chai';

import { FullName, type User, type UserId } from '@proj/domain';

import { InputValidationError, UserNotFoundError, UserVersionMismatchError } from '../../../src/errors/index.js';
import { UpdateUser, type TransactionalRepositories, type UnitOfWork, type UserCache, type UserRepository } from '../../../src/index.js';
import {
  aUser,
  FixedClock,
  InMemoryCache,
  InMemoryIdempotencyKeyRepository,
  InMemoryUnitOfWork,
  inMemoryUserCache,
  RecordingLogger,
  type InMemoryUserRepository,
} from '../../../src/testing/index.js';

const REGISTERED_AT = new Date('2026-01-01T00:00:00.000Z');
const NOW = new Date('2026-02-02T00:00:00.000Z');

describe('UpdateUser', () => {
  let uow: InMemoryUnitOfWork;
  let clock: FixedClock;
  let cache: InMemoryCache;
  let userCache: UserCache;
  let logger: RecordingLogger;
  let updateUser: UpdateUser;
  let user: User;

  beforeEach(async () => {
    uow = new InMemoryUnitOfWork();
    clock = new FixedClock(NOW);
    cache = new InMemoryCache(clock);
    userCache = inMemoryUserCache({ cache, clock });
    logger = new RecordingLogger();
    updateUser = new UpdateUser({ uow, clock, cache: userCache, logger });
    user = aUser({ fullName: 'Ada', isActive: true, registeredAt: REGISTERED_AT });
    await uow.users.register(user);
  });

  const stored = () => uow.users.saved.find((row) => row.id === user.id.value);

  describe('when renaming', () => {
    it('stores the trimmed name, moves updatedAt, bumps the version and returns the new state', async () => {
      const updated = await updateUser.execute({ userId: user.id.value, fullName: '  Ada King ' });
      expect(updated).to.include({ fullName: 'Ada King', isActive: true, version: 2 });
      expect(updated.updatedAt).to.deep.equal(NOW);
      expect(updated.createdAt).to.deep.equal(REGISTERED_AT);
      expect(stored()).to.deep.equal(updated);
      expect(uow.commits).to.equal(1);
    });
  });

  describe('its events', () => {
    it('logs `user updated` with the names of the changed fields, or `user unchanged`, never their values', async () => {
      await updateUser.execute({ userId: user.id.value, fullName: 'Ada King' });
      await updateUser.execute({ userId: user.id.value, fullName: 'Ada Byron', isActive: false });
      await updateUser.execute({ userId: user.id.value, isActive: false });
      await updateUser.execute({ userId: user.id.value, isActive: true });
      const id = user.id.value;
      expect(logger.entries).to.deep.equal([
        { level: 'info', message: 'user updated', fields: { user_id: id, version: 2, fields: ['full_name'] } },
        { level: 'info', message: 'user updated', fields: { user_id: id, version: 3, fields: ['full_name', 'is_active'] } },
        { level: 'info', message: 'user unchanged', fields: { user_id: id, version: 3 } },
        { level: 'info', message: 'user updated', fields: { user_id: id, version: 4, fields: ['is_active'] } },
      ]);
    });
  });

  describe('the user cache', () => {
    const cached = async () => (await cache.get(`user:${user.id.value}`))?.version;

    it('holds the new state once the unit of work has committed', async () => {
      await updateUser.execute({ userId: user.id.value, fullName: 'Ada King' });
      expect(await cached()).to.equal(2);
    });

    it('is not written before the commit, nor when the unit of work rolls back', async () => {
      const seen: Array<number | undefined> = [];
      const failing: UnitOfWork = {
        run: (work) =>
          uow.run(async (repositories) => {
            await work(repositories);
            seen.push(await cached());
            throw new Error('commit failed');
          }),
      };
      await expect(
        new UpdateUser({ uow: failing, clock, cache: userCache, logger }).execute({ userId: user.id.value, isActive: false }),
      ).to.be.rejectedWith('commit failed');
      expect(seen).to.deep.equal([undefined]);
      expect(await cached()).to.equal(undefined);
    });

    it('is not written by a change to the current values', async () => {
      await updateUser.execute({ userId: user.id.value, fullName: 'Ada' });
      expect(await cached()).to.equal(undefined);
    });
  });

  describe('when deactivating and renaming at once', () => {
    it('applies both in one unit of work', async () => {
      const updated = await updateUser.execute({ userId: user.id.value, fullName: 'Ada King', isActive: false });
      expect(stored()).to.include({ fullName: 'Ada King', isActive: false, version: updated.version });
      expect(updated.version, 'one new version for both changes').to.equal(2);
      expect(uow.commits).to.equal(1);
    });

    it('reactivates a deactivated user', async () => {
      await updateUser.execute({ userId: user.id.value, isActive: false });
      expect((await updateUser.execute({ userId: user.id.value, isActive: true })).isActive).to.equal(true);
    });
  });

  describe('when nothing would change', () => {
    it('writes nothing and keeps updatedAt and the version', async () => {
      const writes: unknown[] = [];
      const unchanged = await new UpdateUser({
        uow: { run: (work) => uow.run((repositories) => work({ ...repositories, users: spyOnUpdates(repositories.users, writes) })) },
        clock,
        cache: userCache,
        logger,
      }).execute({ userId: user.id.value, fullName: ' Ada ', isActive: true, expectedVersion: 1 });
      expect(unchanged).to.include({ version: 1, fullName: 'Ada' });
      expect(unchanged.updatedAt).to.deep.equal(REGISTERED_AT);
      expect(writes).to.deep.equal([]);
      expect(stored()).to.deep.equal(user.toSnapshot());
    });
  });

  describe('with an expected version', () => {
    it('applies the change when it is the current version', async () => {
      expect((await updateUser.execute({ userId: user.id.value, isActive: false, expectedVersion: 1 })).version).to.equal(2);
    });

    it('rejects a stale version with UserVersionMismatchError and writes nothing', async () => {
      await updateUser.execute({ userId: user.id.value, fullName: 'Ada King' });
      const before = stored();
      await expect(updateUser.execute({ userId: user.id.value, fullName: 'Other', expectedVersion: 1 })).to.be.rejectedWith(
        UserVersionMismatchError,
      );
      expect(stored()).to.deep.equal(before);
    });

    it('applies the change when the current version is one of several expected', async () => {
      expect((await updateUser.execute({ userId: user.id.value, isActive: false, expectedVersion: [7, 1] })).version).to.equal(2);
    });

    it('rejects with UserVersionMismatchError naming them when the current version is none of several expected', async () => {
      const error = await updateUser.execute({ userId: user.id.value, isActive: false, expectedVersion: [2, 3] }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(UserVersionMismatchError);
      expect((error as Error).message).to.contain('none of the versions 2, 3');
      expect(stored()).to.include({ isActive: true, version: 1 });
    });

    it('rejects a stale version even when the change would be a no-op', async () => {
      await updateUser.execute({ userId: user.id.value, fullName: 'Ada King' });
      await expect(updateUser.execute({ userId: user.id.value, fullName: 'Ada King', expectedVersion: 1 })).to.be.rejectedWith(
        UserVersionMismatchError,
      );
    });
  });

  describe('when a writer that does not read for update changes the user between our read and our write', () => {
    for (const expectedVersion of [1, undefined]) {
      it(`fails with UserVersionMismatchError rather than overwrite it (expectedVersion ${String(expectedVersion)})`, async () => {
        const racing = new RacingUnitOfWork(uow.users);
        const update = new UpdateUser({ uow: racing, clock, cache: userCache, logger });
        await expect(
          update.execute({ userId: user.id.value, isActive: false, ...(expectedVersion === undefined ? {} : { expectedVersion }) }),
        ).to.be.rejectedWith(UserVersionMismatchError);
        expect(stored()).to.include({ fullName: 'Rival', isActive: true, version: 2 });
      });
    }
  });

  describe('when the input is invalid', () => {
    it('rejects a request that changes nothing at all', async () => {
      const error = await updateUser.execute({ userId: user.id.value }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(InputValidationError);
      expect((error as InputValidationError).issues).to.deep.equal([
        { path: 'body', message: 'must set at least one of full_name, is_active' },
      ]);
    });

    it('reports a malformed id and a blank name together, before any unit of work', async () => {
      const error = await updateUser.execute({ userId: 'nope', fullName: '  ' }).catch((e: unknown) => e);
      expect((error as InputValidationError).issues.map((issue) => issue.path)).to.deep.equal(['user_id', 'full_name']);
      expect(uow.commits).to.equal(0);
    });
  });

  describe('when the user does not exist', () => {
    it('rejects with UserNotFoundError', async () => {
      await expect(updateUser.execute({ userId: '40000000-0000-4000-8000-000000000000', isActive: false })).to.be.rejectedWith(
        UserNotFoundError,
      );
    });
  });
});

/** Records every `update` call of `users` into `writes`, then performs it. */
function spyOnUpdates(users: UserRepository, writes: unknown[]): UserRepository {
  return {
    findById: (id: UserId) => users.findById(id),
    findByIdForUpdate: (id: UserId) => users.findByIdForUpdate(id),
    listInCreationOrder: (criteria) => users.listInCreationOrder(criteria),
    register: (u) => users.register(u),
    update: (u, condition) => {
      writes.push({ user: u.toSnapshot(), condition });
      return users.update(u, condition);
    },
  };
}

/**
 * A unit of work straight over the committed store (no isolation: the use case writes once, at the
 * end), in which a rival writer that ignores locks renames the user right after our read: our
 * compare-and-set then meets a newer version.
 */
class RacingUnitOfWork implements UnitOfWork {
  constructor(private readonly users: InMemoryUserRepository) {}

  async run<T>(work: (repositories: TransactionalRepositories) => Promise<T>): Promise<T> {
    const users: UserRepository = {
      ...spyOnUpdates(this.users, []),
      findByIdForUpdate: async (id: UserId) => {
        const found = await this.users.findByIdForUpdate(id);
        if (found !== undefined) await rivalRename(this.users, id, 'Rival');
        return found;
      },
    };
    return work({ users, idempotencyKeys: new InMemoryIdempotencyKeyRepository() });
  }
}

async function rivalRename(users: UserRepository, id: UserId, name: string): Promise<void> {
  const rival = (await users.findById(id)) as User;
  const readVersion = rival.version;
  rival.rename(FullName.of(name), NOW);
  await users.update(rival, { expectedVersion: readVersion });
}
