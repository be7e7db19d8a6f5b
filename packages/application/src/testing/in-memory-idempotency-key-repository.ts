import type { IdempotencyKeyClaim, IdempotencyKeyRecord, IdempotencyKeyRepository } from '../ports/idempotency-key-repository.js';
import { InMemoryTable } from './in-memory-table.js';

/** An IdempotencyKeyRepository in a Map, for unit tests through InMemoryUnitOfWork. */
export class InMemoryIdempotencyKeyRepository extends InMemoryTable<IdempotencyKeyRecord> implements IdempotencyKeyRepository {
  async claim(record: IdempotencyKeyRecord): Promise<IdempotencyKeyClaim> {
    const existing = this.rows.get(record.key);
    if (existing) return { claimed: false, existing };
    this.rows.set(record.key, { ...record });
    return { claimed: true };
  }
}
