import type {
  DeprecatedCallObservation,
  HttpMetrics,
  HttpRequestObservation,
  ShadowComparisonObservation,
  UpstreamRequestObservation,
} from '../edge/http-metrics.js';
import type { MetricsExposition } from '../edge/metrics-exposition.js';
import type { CacheMetrics } from '../ports/cache-metrics.js';

/**
 * Keeps every observation in memory for assertions, and renders them as plain lines (one per
 * observation) so that an endpoint serving it can be tested without a metrics library.
 */
export class RecordingMetrics implements HttpMetrics, CacheMetrics, MetricsExposition {
  readonly contentType = 'text/plain; charset=utf-8';
  readonly requests: HttpRequestObservation[] = [];
  readonly cacheLookups: Array<{ readonly cache: string; readonly result: 'hit' | 'miss' }> = [];
  readonly deprecatedCalls: DeprecatedCallObservation[] = [];
  readonly upstreamRequests: UpstreamRequestObservation[] = [];
  readonly shadowComparisons: ShadowComparisonObservation[] = [];

  observeRequest(observation: HttpRequestObservation): void {
    this.requests.push(observation);
  }

  countDeprecatedCall(observation: DeprecatedCallObservation): void {
    this.deprecatedCalls.push(observation);
  }

  observeUpstreamRequest(observation: UpstreamRequestObservation): void {
    this.upstreamRequests.push(observation);
  }

  countShadowComparison(observation: ShadowComparisonObservation): void {
    this.shadowComparisons.push(observation);
  }

  recordHit(cache: string): void {
    this.cacheLookups.push({ cache, result: 'hit' });
  }

  recordMiss(cache: string): void {
    this.cacheLookups.push({ cache, result: 'miss' });
  }

  render(): Promise<string> {
    const lines = this.requests.map((r) => `request ${r.method} ${r.route} ${r.status}`);
    return Promise.resolve(lines.map((line) => `${line}\n`).join(''));
  }
}
