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

/** Records request metrics. Fire-and-forget: implementations must never throw. */
export interface HttpMetrics {
  observeRequest(observation: HttpRequestObservation): void;
}
