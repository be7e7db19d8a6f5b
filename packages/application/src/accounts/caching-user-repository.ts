import type { User, UserId } from '@proj/domain';

import type { UserCache } from './user-cache.js';
import type { UserListCriteria, UserRepository } from './user-repository.js';

/**
 * A UserRepository decorator that keeps the shared user cache coherent with the store.
 *
 * - {@link CachingUserRepository.outsideTransaction}: reads go through the cache (cache-aside);
 *   each write stores the new state in the cache as soon as the store has it.
 * - {@link CachingUserRepository.insideTransaction}: reads bypass the cache (a transaction must
 *   see the store itself); each write is reported to `onWrite`, which `CachingUnitOfWork` uses to
 *   update the cache after the commit, never before.
 *
 * Every write method must end with `this.#written(user)`: that is the one hook that keeps the
 * cache right, and the compiler makes a new port method impossible to forget here.
 */
export class CachingUserRepository implements UserRepository {
  private constructor(
    private readonly inner: UserRepository,
    private readonly cache: UserCache | undefined,
    private readonly onWrite: (user: User) => Promise<void> | void,
  ) {}

  static outsideTransaction(inner: UserRepository, cache: UserCache): CachingUserRepository {
    return new CachingUserRepository(inner, cache, (user) => cache.remember(user));
  }

  static insideTransaction(inner: UserRepository, onWrite: (user: User) => void): CachingUserRepository {
    return new CachingUserRepository(inner, undefined, onWrite);
  }

  findById(id: UserId): Promise<User | undefined> {
    return this.cache ? this.cache.read(id, () => this.inner.findById(id)) : this.inner.findById(id);
  }

  /** Never from the cache: a read made to change the user must see (and lock) the store. */
  findByIdForUpdate(id: UserId): Promise<User | undefined> {
    return this.inner.findByIdForUpdate(id);
  }

  /** Lists are not cached: they go to the store every time. */
  listInCreationOrder(criteria: UserListCriteria): Promise<User[]> {
    return this.inner.listInCreationOrder(criteria);
  }

  async register(user: User): Promise<void> {
    await this.inner.register(user);
    await this.#written(user);
  }

  async update(user: User, condition: { readonly expectedVersion: number }): Promise<void> {
    await this.inner.update(user, condition);
    await this.#written(user);
  }

  /** Reports the state a write left `user` in. */
  async #written(user: User): Promise<void> {
    await this.onWrite(user);
  }
}
