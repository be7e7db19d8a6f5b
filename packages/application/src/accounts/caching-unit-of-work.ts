import type { User } from '@proj/domain';

import type { TransactionalRepositories, UnitOfWork } from '../ports/unit-of-work.js';
import { CachingUserRepository } from './caching-user-repository.js';
import type { UserCache } from './user-cache.js';

/**
 * A UnitOfWork decorator that updates the user cache with every user written in the unit, after
 * the unit committed and before `run` resolves: once a use case returns, every instance reads
 * the new state. Nothing reaches the cache when the unit rolls back.
 */
export class CachingUnitOfWork implements UnitOfWork {
  constructor(
    private readonly inner: UnitOfWork,
    private readonly cache: UserCache,
  ) {}

  async run<T>(work: (repositories: TransactionalRepositories) => Promise<T>): Promise<T> {
    const written = new Map<string, User>();
    const result = await this.inner.run((repositories) =>
      work({
        ...repositories,
        users: CachingUserRepository.insideTransaction(repositories.users, (user) => void written.set(user.id.value, user)),
      }),
    );
    for (const user of written.values()) await this.cache.remember(user);
    return result;
  }
}
