import type { TransactionalRepositories, UnitOfWork } from '../ports/unit-of-work.js';
import { InMemoryIdempotencyKeyRepository } from './in-memory-idempotency-key-repository.js';
import { InMemoryUserRepository } from './in-memory-user-repository.js';

/**
 * A UnitOfWork over in-memory repositories with real all-or-nothing semantics: `work` runs
 * against a copy of the data, which replaces the original only when `work` resolves.
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  constructor(
    readonly users: InMemoryUserRepository = new InMemoryUserRepository(),
    readonly idempotencyKeys: InMemoryIdempotencyKeyRepository = new InMemoryIdempotencyKeyRepository(),
  ) {}

  /** How many units of work have committed: for asserting that a write happened at all. */
  commits = 0;

  async run<T>(work: (repositories: TransactionalRepositories) => Promise<T>): Promise<T> {
    const users = this.users.copy();
    const idempotencyKeys = this.idempotencyKeys.copy();
    const result = await work({ users, idempotencyKeys });
    this.users.replaceWith(users);
    this.idempotencyKeys.replaceWith(idempotencyKeys);
    this.commits += 1;
    return result;
  }
}
