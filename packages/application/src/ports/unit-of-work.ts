import type { UserRepository } from '../accounts/user-repository.js';
import type { IdempotencyKeyRepository } from './idempotency-key-repository.js';

/** The repositories a unit of work hands to its callback, all bound to one transaction. */
export interface TransactionalRepositories {
  readonly users: UserRepository;
  readonly idempotencyKeys: IdempotencyKeyRepository;
}

/**
 * The transaction boundary of a use case. `run` calls `work` with repositories bound to one
 * transaction, commits when `work` resolves and rolls back, rethrowing, when it rejects: either
 * every write in `work` happens, or none does. Read-only use cases do not need one.
 */
export interface UnitOfWork {
  run<T>(work: (repositories: TransactionalRepositories) => Promise<T>): Promise<T>;
}
