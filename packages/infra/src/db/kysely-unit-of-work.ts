import type { Kysely } from 'kysely';

import type { TransactionalRepositories, UnitOfWork } from '@proj/application';

import { KyselyUserRepository } from './accounts/kysely-user-repository.js';
import { rethrowDatabaseError } from './connection/map-pg-error.js';
import { KyselyIdempotencyKeyRepository } from './idempotency/kysely-idempotency-key-repository.js';
import type { Database } from './schema/database.js';

/** UnitOfWork as one PostgreSQL transaction (READ COMMITTED); repositories built on the transaction. */
export class KyselyUnitOfWork implements UnitOfWork {
  constructor(private readonly db: Kysely<Database>) {}

  run<T>(work: (repositories: TransactionalRepositories) => Promise<T>): Promise<T> {
    return this.db
      .transaction()
      .execute((trx) => work({ users: new KyselyUserRepository(trx), idempotencyKeys: new KyselyIdempotencyKeyRepository(trx) }))
      .catch(rethrowDatabaseError);
  }
}
