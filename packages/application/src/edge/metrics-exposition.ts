/**
 * The current value of every metric, rendered for a scraper (the Prometheus text format for the
 * Prometheus adapter). `render` reads gauges at call time, so it may do a little work; it rejects
 * only on a bug in a collector.
 */
export interface MetricsExposition {
  /** The `Content-Type` of what `render` returns. */
  readonly contentType: string;
  render(): Promise<string>;
}
