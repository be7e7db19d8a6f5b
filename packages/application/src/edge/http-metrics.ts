/**
 * One finished HTTP request as the edge reports it. Every field is a bounded value suitable as a
 * metric label: `route` is the route template (`/v1/accounts/users/:user_id`) or `(unmatched)`,
 * never a raw path, so that ids, e-mail addresses or scanners' paths cannot multiply series.
 */
export interface HttpRequestObservation {
  readonly method: string;
  readonly route: string;
  readonly status: number;
  readonly durationSeconds: number;
}

/**
 * A call to a deprecated operation. `caller` is the bearer token's subject: for the service-to-service
 * consumers this API has, a bounded set of client ids, which is who must be told before the sunset.
 */
export interface DeprecatedCallObservation {
  /** The operationId in the version called (`updateUser`). */
  readonly operation: string;
  readonly caller: string;
}

/** One request forwarded to an upstream (the legacy backend), as the caller got its answer. */
export interface UpstreamRequestObservation {
  /** The upstream's name: `legacy`. */
  readonly upstream: string;
  readonly method: string;
  /** The upstream's status, or `timeout` / `error` when it gave none in time. */
  readonly status: number | 'timeout' | 'error';
  /** From forwarding the request to the end of the answer. */
  readonly durationSeconds: number;
}

/** One shadow read: a GET answered here, replayed to the legacy backend, and how the answers compared. */
export interface ShadowComparisonObservation {
  /** The route template of the GET (`/v1/accounts/users/:user_id`). */
  readonly route: string;
  /** `match` / `mismatch` (status or JSON body), `error` (no answer in time), `dropped` (too many in flight). */
  readonly result: 'match' | 'mismatch' | 'error' | 'dropped';
}

/** Records request metrics. Fire-and-forget: implementations must never throw. */
export interface HttpMetrics {
  observeRequest(observation: HttpRequestObservation): void;
  /** Counts one call to a deprecated operation, by operation and caller. */
  countDeprecatedCall(observation: DeprecatedCallObservation): void;
  /** Records one request forwarded upstream, by upstream, method and status. */
  observeUpstreamRequest(observation: UpstreamRequestObservation): void;
  /** Counts one shadow read by route and result. */
  countShadowComparison(observation: ShadowComparisonObservation): void;
}
