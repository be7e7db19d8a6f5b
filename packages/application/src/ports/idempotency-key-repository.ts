/** What an idempotency key produced, as recorded with the write it guarded. */
export interface IdempotencyKeyRecord {
  /** The caller-scoped key. */
  readonly key: string;
  /** Fingerprint of the request that first used the key. */
  readonly fingerprint: string;
  /** The id of what the request created. */
  readonly resourceId: string;
}

/** The outcome of claiming a key inside a unit of work. */
export type IdempotencyKeyClaim = { readonly claimed: true } | { readonly claimed: false; readonly existing: IdempotencyKeyRecord };

/**
 * Idempotency keys recorded in the same transaction as the write they guard, so that the write
 * and the record commit together or not at all: however often a request is retried, and
 * whatever happened to the shared response store, one key creates at most one resource.
 */
export interface IdempotencyKeyRepository {
  /**
   * Records `record` unless the key is already recorded. Concurrent claims of one key are
   * serialised by the store: a second claim waits for the first transaction and then sees its
   * record (`claimed: false`), or claims the key when the first rolled back.
   */
  claim(record: IdempotencyKeyRecord, at: Date): Promise<IdempotencyKeyClaim>;
}
