/** A response as it was sent, kept to be replayed byte for byte. */
export interface StoredResponse {
  readonly status: number;
  /** Response headers worth replaying (content type, Location, ETag), lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What `begin` found for an idempotency key. */
export type IdempotencyBeginResult =
  /** The key was free and is now reserved for this caller until the lease ends. */
  | { readonly outcome: 'reserved'; readonly token: string }
  /** Another request holding the key is still running. */
  | { readonly outcome: 'in-progress'; readonly fingerprint: string }
  /** A request with this key finished; `response` is what it answered. */
  | { readonly outcome: 'completed'; readonly fingerprint: string; readonly response: StoredResponse };

/**
 * Reservations and recorded responses of idempotent requests, shared by every instance. A key is
 * reserved atomically with the fingerprint of its request before the request runs; the response
 * is recorded after. A reservation whose owner dies ends with its lease, so the key becomes free
 * again: the operation itself must therefore be safe to run twice (see decision 0042).
 *
 * Every method may reject with `DependencyUnavailableError` when the store cannot answer.
 */
export interface IdempotencyStore {
  /** Reserves `key` for `leaseMs` unless it is already reserved or completed. */
  begin(key: string, fingerprint: string, leaseMs: number): Promise<IdempotencyBeginResult>;

  /**
   * Records the response under `key` for `retentionMs`, only while `token` still owns the
   * reservation (a holder whose lease ended must not overwrite its successor).
   * @returns whether the response was recorded.
   */
  complete(key: string, token: string, response: StoredResponse, retentionMs: number): Promise<boolean>;

  /**
   * Drops the reservation, only while `token` owns it, so that a retry may run the request again
   * (used when the request failed in a way worth retrying).
   * @returns whether a reservation was dropped.
   */
  release(key: string, token: string): Promise<boolean>;
}
