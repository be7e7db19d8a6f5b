import type { HeapTotals } from './heap-accounting.js';

/** What one measured run of one scenario against one target gave. */
export interface RunMeasurement {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Responses with a status the scenario does not expect, plus connection errors and timeouts. */
  readonly errors: number;
  readonly requests: number;
  /** Largest resident set of one server process seen during the run, in bytes. */
  readonly peakRssBytes: number;
  /** Largest sum over the server's processes (primary and workers), in bytes. */
  readonly peakTotalRssBytes: number;
  /** CPU time the server's processes used during the run, in seconds. */
  readonly cpuSeconds: number;
  /** Statuses seen, with their counts. */
  readonly statuses: Readonly<Record<string, number>>;
  /** What the server's processes allocated and collected during the run (the heap probe); undefined without one. */
  readonly heap?: HeapTotals;
}

/** The rounds of one scenario on one target, reduced to one row: medians, and the worst of errors and memory. */
export interface SeriesSummary {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Summed over every round: one error anywhere counts. */
  readonly errors: number;
  readonly peakRssBytes: number;
  readonly peakTotalRssBytes: number;
  /** Server CPU time per answered request, in microseconds: steadier than req/s on a shared machine. */
  readonly cpuMicrosecondsPerRequest: number;
  /** Bytes allocated on the V8 heap per answered request (median of the rounds); undefined without the heap probe. */
  readonly allocatedBytesPerRequest: number | undefined;
  /** Main-thread GC pause over the time the event loop was busy (median of the rounds), 0–1; undefined without the heap probe. */
  readonly gcShare: number | undefined;
  /** Full (mark-compact) collections per 1 000 requests (median of the rounds); undefined without the heap probe. */
  readonly markCompactsPerThousandRequests: number | undefined;
  readonly rounds: number;
  /** Each round's requests per second, in the order they ran. */
  readonly requestsPerSecondByRound: readonly number[];
}

/** The middle value; for an even count, the mean of the two middle ones. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The median of `measure` over the runs the heap probe measured; undefined when it measured none. */
function heapMedian(
  runs: readonly RunMeasurement[],
  measure: (heap: HeapTotals, run: RunMeasurement) => number | undefined,
): number | undefined {
  const values = runs.flatMap((run) => {
    const value = run.heap === undefined ? undefined : measure(run.heap, run);
    return value === undefined ? [] : [value];
  });
  return values.length === 0 ? undefined : median(values);
}

export function summarize(runs: readonly RunMeasurement[]): SeriesSummary {
  return {
    requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    peakRssBytes: Math.max(...runs.map((run) => run.peakRssBytes)),
    peakTotalRssBytes: Math.max(...runs.map((run) => run.peakTotalRssBytes)),
    cpuMicrosecondsPerRequest: median(runs.map((run) => (run.requests === 0 ? 0 : (run.cpuSeconds * 1e6) / run.requests))),
    allocatedBytesPerRequest: heapMedian(runs, (heap, run) => (run.requests === 0 ? undefined : heap.allocatedBytes / run.requests)),
    gcShare: heapMedian(runs, (heap) =>
      heap.eventLoopActiveMicroseconds <= 0 ? undefined : heap.gcPauseMicroseconds / heap.eventLoopActiveMicroseconds,
    ),
    markCompactsPerThousandRequests: heapMedian(runs, (heap, run) =>
      run.requests === 0 ? undefined : (heap.markCompacts * 1000) / run.requests,
    ),
    rounds: runs.length,
    requestsPerSecondByRound: runs.map((run) => run.requestsPerSecond),
  };
}

/** `service / baseline`, or undefined when there is no baseline to compare with. */
export function ratio(service: number, baseline: number | undefined): number | undefined {
  if (baseline === undefined || baseline === 0) return undefined;
  return service / baseline;
}

/** Errors of a run: statuses outside `expected`, connection errors and timeouts. */
export function countErrors(statuses: Readonly<Record<string, number>>, expected: readonly number[], connectionErrors: number): number {
  let errors = connectionErrors;
  for (const [status, count] of Object.entries(statuses)) {
    if (!expected.includes(Number(status))) errors += count;
  }
  return errors;
}
