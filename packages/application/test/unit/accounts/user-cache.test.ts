import { expect } from 'chai';

import { FullName, User, UserId } from '@proj/domain';

import { CachingUnitOfWork, CachingUserRepository, UserCache, type CacheMetrics } from '../../../src/index.js';
import {
  aUser,
  FixedClock,
  InMemoryCache,
  InMemoryUnitOfWork,
  InMemoryUserRepository,
  RecordingLogger,
} from '../../../src/testing/index.js';

const TTL_MS = 60_000;
const ABSENT_TTL_MS = 5_000;

class CountingMetrics implements CacheMetrics {
  hits = 0;
  misses = 0;
  recordHit(): void {
    this.hits += 1;
  }
  recordMiss(): void {
    this.misses += 1;
  }
}

/** A repository that counts reads, to tell a cache hit from a trip to the store. */
class CountingUserRepository extends InMemoryUserRepository {
  reads = 0;
  override async findById(id: UserId): Promise<User | undefined> {
    this.reads += 1;
    return super.findById(id);
  }
}

describe('UserCache with CachingUserRepository and CachingUnitOfWork', () => {
  let clock: FixedClock;
  let store: CountingUserRepository;
  let cache: InMemoryCache;
  let metrics: CountingMetrics;
  let logger: RecordingLogger;
  let userCache: UserCache;
  let users: CachingUserRepository;

  function build(options: { ttlMs?: number; absentTtlMs?: number } = {}): void {
    userCache = new UserCache({
      cache,
      metrics,
      logger,
      clock,
      ttlMs: options.ttlMs ?? TTL_MS,
      absentTtlMs: options.absentTtlMs ?? ABSENT_TTL_MS,
    });
    users = CachingUserRepository.outsideTransaction(store, userCache);
  }

  beforeEach(() => {
    clock = new FixedClock();
    store = new CountingUserRepository();
    cache = new InMemoryCache(clock);
    metrics = new CountingMetrics();
    logger = new RecordingLogger();
    build();
  });

  describe('when reading', () => {
    it('reads the store once, then answers from the cache, counting a miss then hits', async () => {
      const user = aUser();
      await store.register(user);
      for (let i = 0; i < 3; i += 1) expect((await users.findById(user.id))?.toSnapshot()).to.deep.equal(user.toSnapshot());
      expect(store.reads).to.equal(1);
      expect({ hits: metrics.hits, misses: metrics.misses }).to.deep.equal({ hits: 2, misses: 1 });
    });

    it('reads the store again once the TTL has passed', async () => {
      const user = aUser();
      await store.register(user);
      await users.findById(user.id);
      clock.advance(TTL_MS + 1);
      await users.findById(user.id);
      expect(store.reads).to.equal(2);
    });

    it('caches absence only for the short absent TTL', async () => {
      const id = aUser().id;
      expect(await users.findById(id)).to.equal(undefined);
      expect(await users.findById(id)).to.equal(undefined);
      expect(store.reads).to.equal(1);
      clock.advance(ABSENT_TTL_MS + 1);
      await users.findById(id);
      expect(store.reads).to.equal(2);
    });

    it('never caches absence when the absent TTL is 0', async () => {
      build({ absentTtlMs: 0 });
      const id = aUser().id;
      await users.findById(id);
      await users.findById(id);
      expect(store.reads).to.equal(2);
    });

    it('goes to the store every time, counting nothing, when the TTL is 0', async () => {
      build({ ttlMs: 0 });
      const user = aUser();
      await users.register(user);
      await users.findById(user.id);
      await users.findById(user.id);
      expect(store.reads).to.equal(2);
      expect(metrics.hits + metrics.misses).to.equal(0);
    });

    it('treats an entry it cannot decode as a miss', async () => {
      const user = aUser();
      await store.register(user);
      await cache.put(`user:${user.id.value}`, { value: '{not json', version: 1 }, TTL_MS);
      expect((await users.findById(user.id))?.id.value).to.equal(user.id.value);
      expect(store.reads).to.equal(1);
    });
  });

  describe('when writing', () => {
    it('replaces a cached absence with the newly registered user', async () => {
      const user = aUser();
      expect(await users.findById(user.id)).to.equal(undefined);
      await users.register(user);
      expect((await users.findById(user.id))?.id.value).to.equal(user.id.value);
      expect(store.reads).to.equal(1);
    });

    it('updates the cache only after a unit of work commits, and not at all when it rolls back', async () => {
      const uow = new CachingUnitOfWork(new InMemoryUnitOfWork(store), userCache);
      const kept = aUser();
      const discarded = aUser();
      await users.findById(discarded.id); // caches the absence
      await expect(
        uow.run(async (repositories) => {
          await repositories.users.register(discarded);
          throw new Error('rolled back');
        }),
      ).to.be.rejectedWith('rolled back');
      expect(await cache.get(`user:${discarded.id.value}`)).to.include({ value: 'absent' });

      await uow.run(async (repositories) => {
        await repositories.users.register(kept);
        expect(await cache.get(`user:${kept.id.value}`), 'nothing cached before the commit').to.equal(undefined);
      });
      expect(await cache.get(`user:${kept.id.value}`)).to.include({ version: 1 });
    });

    it('reads the store, not the cache, inside a unit of work', async () => {
      const user = aUser();
      await users.register(user);
      const uow = new CachingUnitOfWork(new InMemoryUnitOfWork(store), userCache);
      const before = store.reads;
      const found = await uow.run(async (repositories) => repositories.users.findById(user.id));
      expect(found?.id.value).to.equal(user.id.value);
      expect({ hits: metrics.hits, misses: metrics.misses }).to.deep.equal({ hits: 0, misses: 0 });
      expect(store.reads).to.equal(before); // the unit read its own copy of the store
    });

    it('does not let a reader holding an older version overwrite the newer cached one', async () => {
      const user = aUser();
      const older = User.fromSnapshot(user.toSnapshot());
      user.rename(FullName.of('Renamed'), clock.now());
      await userCache.remember(user);
      await userCache.remember(older);
      expect(await cache.get(`user:${user.id.value}`)).to.include({ version: 2 });
    });
  });

  describe('when the cache is down', () => {
    it('answers from the store, counts misses, and logs the outage once', async () => {
      const user = aUser();
      await store.register(user);
      cache.failing = true;
      for (let i = 0; i < 3; i += 1) expect((await users.findById(user.id))?.id.value).to.equal(user.id.value);
      expect(store.reads).to.equal(3);
      expect({ hits: metrics.hits, misses: metrics.misses }).to.deep.equal({ hits: 0, misses: 3 });
      expect(logger.entries.filter((e) => e.level === 'warn')).to.have.length(1);
    });

    it('still registers, remembers the pending update, and writes it once the cache is back', async () => {
      const user = aUser();
      await users.findById(user.id); // caches the absence
      cache.failing = true;
      await users.register(user);
      expect(userCache.pendingWrites).to.equal(1);
      cache.failing = false;
      clock.advance(1_000);
      const found = await users.findById(user.id);
      expect(found?.id.value).to.equal(user.id.value);
      expect(userCache.pendingWrites).to.equal(0);
      expect(await cache.get(`user:${user.id.value}`)).to.include({ version: 1 });
      expect(logger.entries.map((e) => e.message)).to.include('user cache available again');
    });

    it('bypasses the cache for a user with a pending update until it is written', async () => {
      const user = aUser();
      await users.findById(user.id); // caches the absence
      cache.failing = true;
      await users.register(user);
      cache.failing = false; // back, but the retry waits for its pause
      expect((await users.findById(user.id))?.id.value, 'not the stale absence').to.equal(user.id.value);
    });

    it('lets a failing store propagate its own error', async () => {
      const failingStore = new CountingUserRepository();
      failingStore.findById = () => Promise.reject(new Error('database down'));
      const repository = CachingUserRepository.outsideTransaction(failingStore, userCache);
      await expect(repository.findById(UserId.of('30000000-0000-4000-8000-000000000000'))).to.be.rejectedWith('database down');
    });
  });
});
