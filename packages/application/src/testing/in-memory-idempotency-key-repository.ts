import type { IdempotencyKeyClaim, IdempotencyKeyRecord, IdempotencyKeyRepository } from '../ports/idempotency-key-repository.js';

/** An IdempotencyKeyRepository in a Map, for unit tests through InMemoryUnitOfWork. */
export class InMemoryIdempotencyKeyRepository implements IdempotencyKeyRepository {
  readonly #records = new Map<string, IdempotencyKeyRecord>();

  async claim(record: IdempotencyKeyRecord): Promise<IdempotencyKeyClaim> {
    const existing = this.#records.get(record.key);
    if (existing) return { claimed: false, existing };
    this.#records.set(record.key, { ...record });
    return { claimed: true };
  }

  /** An independent copy, for a unit of work to change and then commit or discard. */
  copy(): InMemoryIdempotencyKeyRepository {
    const copy = new InMemoryIdempotencyKeyRepository();
    for (const [key, record] of this.#records) copy.#records.set(key, record);
    return copy;
  }

  /** Takes over the contents of `other` (a committed copy). */
  replaceWith(other: InMemoryIdempotencyKeyRepository): void {
    this.#records.clear();
    for (const [key, record] of other.#records) this.#records.set(key, record);
  }

  /** Every recorded key: for assertions. */
  get saved(): readonly IdempotencyKeyRecord[] {
    return [...this.#records.values()];
  }
}
