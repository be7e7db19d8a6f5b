/** One request the load sent, as its client saw it. */
export interface Sample {
  /** Milliseconds since the start of the load, when the request was sent. */
  readonly at: number;
  readonly latencyMs: number;
  /** The HTTP status, or 0 when the client got no response (a connection error). */
  readonly status: number;
  /** `x-served-by`: the instance that answered, empty when none did. */
  readonly servedBy: string;
  /** What the request was for: `read`, `create`, `create-keyed`, `greedy`. */
  readonly kind: string;
  /** The problem `code` of an error answer, or the client's error for a connection error. */
  readonly detail?: string;
}

/** The 99th percentile (nearest rank) of `values`; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** An answer the client counts as a failure: no response, or a 5xx. 4xx answers are the API's. */
export function isError(sample: Sample): boolean {
  return sample.status === 0 || sample.status >= 500;
}

export interface WindowSummary {
  readonly name: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly requests: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Requests sent within [fromMs, toMs): count, errors and latency percentiles. */
export function summarizeWindow(samples: readonly Sample[], name: string, fromMs: number, toMs: number): WindowSummary {
  const inside = samples.filter((sample) => sample.at >= fromMs && sample.at < toMs);
  const latencies = inside.map((sample) => sample.latencyMs);
  return {
    name,
    fromMs,
    toMs,
    requests: inside.length,
    errors: inside.filter(isError).length,
    p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
    p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
  };
}

/** The answers of the requests that carried one Idempotency-Key (same key, same body). */
export interface KeyedAttempts {
  readonly key: string;
  readonly answers: readonly { readonly status: number; readonly userId?: string; readonly code?: string }[];
  /** Rows with the key's e-mail in the database after the run. */
  readonly rows: number;
}

export interface IdempotencyVerdict {
  readonly keys: number;
  readonly attempts: number;
  /** Keys with two different users in their 201 answers, or a 409 user_already_exists (the work ran twice), or more than one row. */
  readonly doubleCreates: readonly string[];
  readonly inProgressAnswers: number;
  readonly held: boolean;
}

/** No key created twice: every 201 of a key names one user, no attempt found its own user already there, at most one row. */
export function checkIdempotency(keys: readonly KeyedAttempts[]): IdempotencyVerdict {
  const doubleCreates = keys
    .filter((key) => {
      const ids = new Set(key.answers.filter((answer) => answer.status === 201).map((answer) => answer.userId));
      return ids.size > 1 || key.answers.some((answer) => answer.code === 'user_already_exists') || key.rows > 1;
    })
    .map((key) => key.key);
  return {
    keys: keys.length,
    attempts: keys.reduce((sum, key) => sum + key.answers.length, 0),
    doubleCreates,
    inProgressAnswers: keys.reduce((sum, key) => sum + key.answers.filter((answer) => answer.code === 'idempotency_in_progress').length, 0),
    held: doubleCreates.length === 0,
  };
}

export interface RateLimitPhase {
  readonly name: string;
  readonly fromMs: number;
  readonly toMs: number;
  /** Separate buckets the caller may draw on in this phase: 1 shared in Redis, or one per instance during a Redis outage. */
  readonly buckets: number;
}

export interface RateLimitPhaseVerdict extends RateLimitPhase {
  readonly allowed: number;
  readonly denied: number;
  /** The most a token bucket of `limitPerMinute` lets through per bucket in the phase: a full bucket plus its refill. */
  readonly bound: number;
  readonly held: boolean;
}

/**
 * The greedy caller's allowed requests per phase against the token bucket's bound: each bucket
 * starts at most full (`limitPerMinute` tokens; a restarted Redis or an instance's fallback bucket
 * starts full) and refills `limitPerMinute` per minute; leases (decision 0063) add at most one
 * lease per instance, which the bound includes as `leaseSlack`.
 */
export function checkRateLimit(
  samples: readonly Sample[],
  phases: readonly RateLimitPhase[],
  limitPerMinute: number,
  leaseSlack: number,
): RateLimitPhaseVerdict[] {
  return phases.map((phase) => {
    const inside = samples.filter((sample) => sample.kind === 'greedy' && sample.at >= phase.fromMs && sample.at < phase.toMs);
    const allowed = inside.filter((sample) => sample.status >= 200 && sample.status < 300).length;
    const denied = inside.filter((sample) => sample.status === 429).length;
    const refill = (limitPerMinute * (phase.toMs - phase.fromMs)) / 60_000;
    const bound = Math.floor(phase.buckets * (limitPerMinute + refill) + leaseSlack);
    return { ...phase, allowed, denied, bound, held: allowed <= bound };
  });
}
