import { expect } from 'chai';

import { FullName, User, type UserId } from '@proj/domain';

import { GetUserById, toUserDto, UserCache, type CacheMetrics } from '../../../src/index.js';
import { aUser, FixedClock, InMemoryCache, InMemoryUserRepository, RecordingLogger } from '../../../src/testing/index.js';

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

describe('UserCache, as GetUserById reads through it', () => {
  let clock: FixedClock;
  let store: CountingUserRepository;
  let cache: InMemoryCache;
  let metrics: CountingMetrics;
  let logger: RecordingLogger;
  let userCache: UserCache;
  let getUserById: GetUserById;

  function build(options: { ttlMs?: number; absentTtlMs?: number } = {}): void {
    userCache = new UserCache({
      cache,
      metrics,
      logger,
      clock,
      ttlMs: options.ttlMs ?? TTL_MS,
      absentTtlMs: options.absentTtlMs ?? ABSENT_TTL_MS,
    });
    getUserById = new GetUserById({ users: store, cache: userCache });
  }

  const get = (user: User | UserId) => getUserById.execute({ userId: 'value' in user ? user.value : user.id.value });
  const getOrUndefined = (id: UserId) => get(id).catch(() => undefined);

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
      for (let i = 0; i < 3; i += 1) expect(await get(user)).to.deep.equal(user.toSnapshot());
      expect(store.reads).to.equal(1);
      expect({ hits: metrics.hits, misses: metrics.misses }).to.deep.equal({ hits: 2, misses: 1 });
    });

    it('answers a hit with the cached representation as stored, without the store', async () => {
      const user = aUser();
      const cachedDto = { ...toUserDto(user), fullName: 'Only In The Cache' };
      await cache.put(`user:${user.id.value}`, { value: JSON.stringify(cachedDto), version: 1 }, TTL_MS);
      const found = await get(user);
      expect(found).to.deep.equal(cachedDto);
      expect(Object.isFrozen(found)).to.equal(true);
      expect(store.reads).to.equal(0);
    });

    it('reads the store again once the TTL has passed', async () => {
      const user = aUser();
      await store.register(user);
      await get(user);
      clock.advance(TTL_MS + 1);
      await get(user);
      expect(store.reads).to.equal(2);
    });

    it('caches absence only for the short absent TTL', async () => {
      const id = aUser().id;
      expect(await getOrUndefined(id)).to.equal(undefined);
      expect(await getOrUndefined(id)).to.equal(undefined);
      expect(store.reads).to.equal(1);
      clock.advance(ABSENT_TTL_MS + 1);
      await getOrUndefined(id);
      expect(store.reads).to.equal(2);
    });

    it('never caches absence when the absent TTL is 0', async () => {
      build({ absentTtlMs: 0 });
      const id = aUser().id;
      await getOrUndefined(id);
      await getOrUndefined(id);
      expect(store.reads).to.equal(2);
    });

    it('goes to the store every time, counting nothing, when the TTL is 0', async () => {
      build({ ttlMs: 0 });
      const user = aUser();
      await store.register(user);
      await userCache.remember(toUserDto(user));
      await get(user);
      await get(user);
      expect(store.reads).to.equal(2);
      expect(metrics.hits + metrics.misses).to.equal(0);
    });

    it('treats an entry it cannot decode as a miss', async () => {
      const user = aUser();
      await store.register(user);
      for (const value of ['{not json', '{"createdAt":1}']) {
        await cache.delete(`user:${user.id.value}`);
        await cache.put(`user:${user.id.value}`, { value, version: 1 }, TTL_MS);
        expect((await get(user)).id).to.equal(user.id.value);
      }
      expect(store.reads).to.equal(2);
    });
  });

  describe('when a write use case remembers a user', () => {
    it('stores the state it was given, which the next read answers', async () => {
      const user = aUser();
      await store.register(user);
      await userCache.remember(toUserDto(user));
      expect(await get(user)).to.deep.equal(user.toSnapshot());
      expect(store.reads).to.equal(0);
    });

    it('does not let an older version overwrite the newer cached one', async () => {
      const user = aUser();
      const older = toUserDto(User.fromSnapshot(user.toSnapshot()));
      user.rename(FullName.of('Renamed'), clock.now());
      await userCache.remember(toUserDto(user));
      await userCache.remember(older);
      expect(await cache.get(`user:${user.id.value}`)).to.include({ version: 2 });
    });
  });

  describe('when the cache is down', () => {
    it('answers from the store, counts misses, and logs the outage once', async () => {
      const user = aUser();
      await store.register(user);
      cache.failing = true;
      for (let i = 0; i < 3; i += 1) expect((await get(user)).id).to.equal(user.id.value);
      expect(store.reads).to.equal(3);
      expect({ hits: metrics.hits, misses: metrics.misses }).to.deep.equal({ hits: 0, misses: 3 });
      expect(logger.entries.filter((e) => e.level === 'warn')).to.have.length(1);
    });

    /** A user cached at version 1, then renamed (version 2) while the cache was down. */
    async function renamedWhileTheCacheIsDown(): Promise<User> {
      const user = aUser();
      await store.register(user);
      await get(user);
      user.rename(FullName.of('Renamed'), clock.now());
      await store.update(user, { expectedVersion: 1 });
      cache.failing = true;
      await userCache.remember(toUserDto(user));
      return user;
    }

    it('remembers a pending update and writes it once the cache is back', async () => {
      const user = await renamedWhileTheCacheIsDown();
      expect(userCache.pendingWrites).to.equal(1);
      cache.failing = false;
      clock.advance(1_000);
      expect(await get(user)).to.include({ fullName: 'Renamed', version: 2 });
      expect(userCache.pendingWrites).to.equal(0);
      expect(await cache.get(`user:${user.id.value}`)).to.include({ version: 2 });
      expect(logger.entries.map((e) => e.message)).to.include('user cache available again');
    });

    it('bypasses the cache for a user with a pending update until it is written', async () => {
      const user = await renamedWhileTheCacheIsDown();
      cache.failing = false; // back, but the retry waits for its pause
      expect(await get(user), 'not the stale version 1').to.include({ version: 2 });
    });

    it('lets a failing store propagate its own error', async () => {
      store.findById = () => Promise.reject(new Error('database down'));
      await expect(get(aUser())).to.be.rejectedWith('database down');
    });
  });
});
