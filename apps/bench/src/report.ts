import type { SeriesSummary } from './stats.js';
import { renderTargets, type TargetVerdict } from './targets.js';

/** One line of the result table: one scenario on one server. */
export interface ReportRow {
  readonly scenario: string;
  readonly scenarioTitle: string;
  readonly target: string;
  readonly targetTitle: string;
  readonly summary: SeriesSummary;
  /** Requests per second of this row over the baseline's for the same requests. */
  readonly ratio: number | undefined;
  /** p99 of this row over the baseline's. */
  readonly p99Ratio: number | undefined;
}

export interface BenchReport {
  readonly startedAt: string;
  readonly elapsedSeconds: number;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly node: string;
    readonly loadAverageAtStart: readonly number[];
    readonly loadAverageAtEnd: readonly number[];
  };
  readonly load: {
    readonly tool: string;
    readonly connections: number;
    readonly durationSeconds: number;
    readonly warmupSeconds: number;
    readonly rounds: number;
  };
  /** What the service was run with and what it turned out to support. */
  readonly service: Readonly<Record<string, string | number | boolean>>;
  /** Spawn to first 200 of the readiness check, per server, in milliseconds. */
  readonly coldStartMs: Readonly<Record<string, number>>;
  readonly rows: readonly ReportRow[];
  /** The targets against this run. */
  readonly targets: readonly TargetVerdict[];
  readonly notes: readonly string[];
}

/** The target id of the Express floor, baseline/floor-server.ts. */
export const FLOOR_TARGET = 'floor';

/** What issue 17 asks of the service's GET by id with a warm cache, in req/s over the baseline (issue 9 asked 1.5). */
const WARM_GET_TARGET_RATIO = 1.2;

const MB = 1024 * 1024;

const fixed = (value: number, digits = 0): string => value.toFixed(digits);
const times = (value: number | undefined): string => (value === undefined ? '—' : `${value.toFixed(2)}×`);
const megabytes = (row: ReportRow): string => {
  const { peakRssBytes, peakTotalRssBytes } = row.summary;
  const perProcess = fixed(peakRssBytes / MB);
  return peakTotalRssBytes > peakRssBytes * 1.05 ? `${perProcess} (Σ ${fixed(peakTotalRssBytes / MB)})` : perProcess;
};

/** The result table in Markdown: one row per scenario and server. */
export function renderTable(rows: readonly ReportRow[]): string {
  const header = [
    'scenario',
    'server',
    'req/s',
    'p50 ms',
    'p99 ms',
    'errors',
    'RSS MB',
    'CPU µs/req',
    'alloc KB/req',
    'GC %',
    'req/s ÷ baseline',
    'p99 ÷ baseline',
  ];
  const lines = [
    `| ${header.join(' | ')} |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows
      .map((row) =>
        [
          row.scenarioTitle,
          row.targetTitle,
          fixed(row.summary.requestsPerSecond),
          fixed(row.summary.p50Ms, 1),
          fixed(row.summary.p99Ms, 1),
          String(row.summary.errors),
          megabytes(row),
          fixed(row.summary.cpuMicrosecondsPerRequest),
          row.summary.allocatedBytesPerRequest === undefined ? '—' : fixed(row.summary.allocatedBytesPerRequest / 1024, 1),
          row.summary.gcShare === undefined ? '—' : fixed(row.summary.gcShare * 100, 1),
          times(row.ratio),
          times(row.p99Ratio),
        ].join(' | '),
      )
      .map((line) => `| ${line} |`),
  ];
  return lines.join('\n');
}

/** The whole report in Markdown: what ran where, the table, and the notes. */
export function renderReport(report: BenchReport): string {
  const service = Object.entries(report.service)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(', ');
  const coldStarts = Object.entries(report.coldStartMs)
    .map(([name, ms]) => `${name} ${fixed(ms)} ms`)
    .join(', ');
  return [
    `# Benchmark ${report.startedAt}`,
    '',
    `${report.load.tool}, ${report.load.connections} connections, ${report.load.rounds} round(s) of ${report.load.durationSeconds} s per scenario and server after ${report.load.warmupSeconds} s of warm-up, alternating servers; the table shows medians (errors: the sum). ` +
      `Machine: ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}, load average ${report.machine.loadAverageAtStart.map((n) => n.toFixed(1)).join(' ')} at start, ${report.machine.loadAverageAtEnd.map((n) => n.toFixed(1)).join(' ')} at end. Took ${fixed(report.elapsedSeconds)} s.`,
    '',
    `Service: ${service}.`,
    '',
    `Cold start to ready: ${coldStarts}.`,
    '',
    renderTable(report.rows),
    '',
    'Targets (one worker, every feature on; ratios to the baseline measured in this run):',
    '',
    renderTargets(report.targets),
    '',
    "RSS: the peak of one server process during the run (Σ: all processes of a cluster). CPU µs/req: user and system CPU time of the server's processes over the requests answered (the load generator not included). " +
      'alloc KB/req: bytes allocated on the V8 heap per request (Buffer contents not included), from the heap probe preloaded into every server (v8.GCProfiler: the used heap before each collection minus after the one before). ' +
      'GC %: the main-thread pause of every collection over the time the event loop was busy (both wall time, so the share does not grow when the process waits for a core). Errors: responses with a status the scenario does not expect, plus connection errors and timeouts.',
    '',
    ...report.notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
}

/**
 * Sentences for the notes under the table that explain rows a reader could not read without
 * them: the floor's row is not a server anyone would deploy, but the ceiling for the others.
 */
export function rowNotes(rows: readonly ReportRow[]): string[] {
  const floor = rows.find((row) => row.target === FLOOR_TARGET);
  if (!floor) return [];
  const ratio =
    floor.ratio === undefined
      ? ''
      : `: ${times(floor.ratio)} the baseline, against the ${times(WARM_GET_TARGET_RATIO)} the issue asks of the service`;
  return [
    `${floor.targetTitle}: Express 5 alone in one process answering GET by id from a Map filled once at start (no database, cache round trip, auth, logging or metrics; apps/bench/baseline/floor-server.ts), the most any Express service with an in-process cache could do on this machine${ratio}.`,
  ];
}

/** The target of the service with tracing on (`--tracing`), and of the service it is compared with. */
export const TRACING_TARGET = 'variant-tracing';
const SERVICE_TARGET = 'service';

/**
 * What tracing every request costs, per scenario: the traced service's server CPU per request and
 * p50 against the same service untraced, measured in the same rounds.
 */
export function tracingCostNotes(rows: readonly ReportRow[]): string[] {
  const notes: string[] = [];
  for (const traced of rows.filter((row) => row.target === TRACING_TARGET)) {
    const plain = rows.find((row) => row.target === SERVICE_TARGET && row.scenario === traced.scenario);
    if (!plain) continue;
    const cpu = traced.summary.cpuMicrosecondsPerRequest - plain.summary.cpuMicrosecondsPerRequest;
    const share = plain.summary.cpuMicrosecondsPerRequest > 0 ? (cpu / plain.summary.cpuMicrosecondsPerRequest) * 100 : 0;
    notes.push(
      `Tracing (every request sampled, spans exported) on ${traced.scenarioTitle}: ${cpu >= 0 ? '+' : ''}${fixed(cpu)} µs of server CPU per request ` +
        `(${fixed(plain.summary.cpuMicrosecondsPerRequest)} -> ${fixed(traced.summary.cpuMicrosecondsPerRequest)}, ${share >= 0 ? '+' : ''}${fixed(share)} %), ` +
        `p50 ${fixed(plain.summary.p50Ms, 1)} -> ${fixed(traced.summary.p50Ms, 1)} ms, ` +
        `req/s ${fixed(plain.summary.requestsPerSecond)} -> ${fixed(traced.summary.requestsPerSecond)}.`,
    );
  }
  return notes;
}
