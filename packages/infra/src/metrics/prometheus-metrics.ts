import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import type { CacheMetrics } from '@proj/application';
import type {
  DeprecatedCallObservation,
  HealthCheck,
  HttpMetrics,
  HttpRequestObservation,
  MetricsExposition,
  ShadowComparisonObservation,
  UpstreamRequestObservation,
} from '@proj/application/edge';

import { clusterMetricsFromPrimary } from './cluster-metrics.js';

/** A connection pool's counts at one instant. */
export interface ConnectionPoolStatistics {
  /** Open connections, busy or idle. */
  readonly total: number;
  readonly idle: number;
  /** Queries queued for a connection because every one is busy. */
  readonly waiting: number;
  readonly max: number;
}

/** Where a connection pool registers itself to be observed; see `createDatabase`. */
export interface ConnectionPoolMetrics {
  /** `read` is called at every scrape, so it must be cheap and must not throw. */
  trackConnectionPool(read: () => ConnectionPoolStatistics): void;
}

export interface PrometheusMetricsOptions {
  /** Added to every series as `service`. */
  readonly serviceName: string;
  /** CPU, memory, event-loop lag, GC, handles (prom-client's default set). Default true. */
  readonly processMetrics?: boolean;
  /**
   * This process is one worker of a cluster (PROJ_WORKERS > 1): `render` answers with the metrics
   * of every worker, summed by the primary (see `answerClusterMetricsRequests`). Default false.
   */
  readonly clusterWorker?: boolean;
}

/** Seconds; from a fast cached read to a request that hits the statement timeout. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The service's metrics on a prom-client registry of their own (never the global one, so that
 * two instances in one process, as in tests, do not collide). It implements the application's
 * metric ports; infrastructure such as the database pool registers collectors on it.
 */
export class PrometheusMetrics implements HttpMetrics, CacheMetrics, MetricsExposition, ConnectionPoolMetrics {
  readonly #registry = new Registry();
  readonly #requestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly #cacheHits: Counter<'cache'>;
  readonly #cacheMisses: Counter<'cache'>;
  readonly #deprecatedCalls: Counter<'operation' | 'caller'>;
  readonly #upstreamDuration: Histogram<'upstream' | 'method' | 'status'>;
  readonly #shadowComparisons: Counter<'route' | 'result'>;
  readonly #render: () => Promise<string>;

  constructor(options: PrometheusMetricsOptions) {
    this.#render = options.clusterWorker === true ? clusterMetricsFromPrimary(this.#registry) : () => this.#registry.metrics();
    this.#registry.setDefaultLabels({ service: options.serviceName });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.#registry });
    this.#requestDuration = this.#histogram(
      'http_request_duration_seconds',
      'Time from receiving a request to finishing its response, by method, route template and status.',
      ['method', 'route', 'status'],
    );
    this.#cacheHits = this.#counter('cache_hits_total', 'Cache lookups answered from the cache, by cache name.', ['cache']);
    this.#cacheMisses = this.#counter(
      'cache_misses_total',
      'Cache lookups that fell through to the source of truth (absent, expired or cache unreachable), by cache name.',
      ['cache'],
    );
    this.#deprecatedCalls = this.#counter(
      'http_deprecated_calls_total',
      'Calls to deprecated operations, by operationId and caller (token subject): who must move before the sunset.',
      ['operation', 'caller'],
    );
    this.#upstreamDuration = this.#histogram(
      'upstream_request_duration_seconds',
      'Requests forwarded upstream (the legacy backend), by upstream, method and status (`timeout`, `error` when none came).',
      ['upstream', 'method', 'status'],
    );
    this.#shadowComparisons = this.#counter(
      'legacy_shadow_comparisons_total',
      'GETs answered here and replayed to the legacy backend, by route template and result (match, mismatch, error, dropped).',
      ['route', 'result'],
    );
  }

  /** A counter on this registry. */
  #counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.#registry] });
  }

  /** A histogram of durations in seconds on this registry. */
  #histogram<L extends string>(name: string, help: string, labelNames: readonly L[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets: DURATION_BUCKETS, registers: [this.#registry] });
  }

  get contentType(): string {
    return this.#registry.contentType;
  }

  observeRequest(observation: HttpRequestObservation): void {
    this.#requestDuration.observe(
      { method: observation.method, route: observation.route, status: String(observation.status) },
      observation.durationSeconds,
    );
  }

  countDeprecatedCall(observation: DeprecatedCallObservation): void {
    this.#deprecatedCalls.inc({ operation: observation.operation, caller: observation.caller });
  }

  observeUpstreamRequest(observation: UpstreamRequestObservation): void {
    this.#upstreamDuration.observe(
      { upstream: observation.upstream, method: observation.method, status: String(observation.status) },
      observation.durationSeconds,
    );
  }

  countShadowComparison(observation: ShadowComparisonObservation): void {
    this.#shadowComparisons.inc({ route: observation.route, result: observation.result });
  }

  recordHit(cache: string): void {
    this.#cacheHits.inc({ cache });
  }

  recordMiss(cache: string): void {
    this.#cacheMisses.inc({ cache });
  }

  trackConnectionPool(read: () => ConnectionPoolStatistics): void {
    const gauge = (name: string, help: string, value: (stats: ConnectionPoolStatistics) => number): void => {
      new Gauge({
        name,
        help,
        registers: [this.#registry],
        collect() {
          this.set(value(read()));
        },
      });
    };
    gauge('db_pool_connections_in_use', 'Database connections currently running a query or transaction.', (s) => s.total - s.idle);
    gauge('db_pool_connections_idle', 'Open database connections waiting for work.', (s) => s.idle);
    gauge('db_pool_requests_waiting', 'Queries waiting for a connection because the pool is exhausted.', (s) => s.waiting);
    gauge('db_pool_connections_max', 'The pool size (PROJ_DATABASE_POOL_MAX).', (s) => s.max);
  }

  /**
   * Runs `checks` at every scrape, each bounded by `timeoutMs`, and exposes what readiness reports
   * as `dependency_up{dependency, required}`: 1 while the dependency answers, 0 while it does not
   * (the alert rules in docs/operations/ read it). Summed over the workers of a cluster.
   */
  trackDependencies(checks: readonly HealthCheck[], timeoutMs: number): void {
    new Gauge({
      name: 'dependency_up',
      help: 'Whether a dependency answers its readiness check at scrape time (1) or not (0); required ones make the service unready.',
      labelNames: ['dependency', 'required'],
      registers: [this.#registry],
      async collect() {
        const results = await Promise.all(checks.map(async (check) => [check, await answers(check, timeoutMs)] as const));
        for (const [check, up] of results) this.set({ dependency: check.name, required: String(check.required) }, up ? 1 : 0);
      },
    });
  }

  render(): Promise<string> {
    return this.#render();
  }
}

/** Whether `check` resolved within `timeoutMs`. */
async function answers(check: HealthCheck, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([check.check().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
