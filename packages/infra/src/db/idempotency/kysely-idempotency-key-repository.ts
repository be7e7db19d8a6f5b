import type { Kysely } from 'kysely';

import type { IdempotencyKeyClaim, IdempotencyKeyRecord, IdempotencyKeyRepository } from '@proj/application';

import { rethrowDatabaseError } from '../connection/map-pg-error.js';
import type { Database } from '../schema/database.js';

/**
 * IdempotencyKeyRepository over PostgreSQL, meant to run inside the unit of work that writes the
 * resource. `insert … on conflict do nothing` waits for a concurrent transaction holding the same
 * key; under READ COMMITTED (the default) the following select then sees its committed record.
 */
export class KyselyIdempotencyKeyRepository implements IdempotencyKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async claim(record: IdempotencyKeyRecord, at: Date): Promise<IdempotencyKeyClaim> {
    try {
      const inserted = await this.db
        .insertInto('idempotency_keys')
        .values({ key: record.key, fingerprint: record.fingerprint, resource_id: record.resourceId, created_at: at })
        .onConflict((conflict) => conflict.column('key').doNothing())
        .returning('key')
        .executeTakeFirst();
      if (inserted) return { claimed: true };
      const existing = await this.db
        .selectFrom('idempotency_keys')
        .select(['key', 'fingerprint', 'resource_id'])
        .where('key', '=', record.key)
        .executeTakeFirstOrThrow();
      return { claimed: false, existing: { key: existing.key, fingerprint: existing.fingerprint, resourceId: existing.resource_id } };
    } catch (error) {
      rethrowDatabaseError(error);
    }
  }
}

/**
 * Deletes keys recorded before `before` (past their retention). Run periodically by one instance.
 * @returns how many keys were deleted.
 */
export async function purgeIdempotencyKeys(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
