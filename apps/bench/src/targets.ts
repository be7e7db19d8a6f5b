import type { ReportRow } from './report.js';
import { scenarioById } from './scenarios.js';

/** One of the targets, checked against the rows of a run. */
export interface TargetVerdict {
  readonly target: string;
  /** What the run measured, in words and figures. */
  readonly measured: string;
  /** Undefined when the run did not measure it (a scenario left out, a build without the feature). */
  readonly met: boolean | undefined;
}

const SERVICE = 'service';
const SERVICE_NO_CACHE = 'service-nocache';
const BASELINE = 'baseline';
const MB = 1024 * 1024;

/** req/s over the baseline's, per scenario and server (one worker, every feature on). */
const RATIO_TARGETS: readonly { readonly scenario: string; readonly target: string; readonly min: number }[] = [
  { scenario: 'get-warm', target: SERVICE, min: 1.2 },
  { scenario: 'get-cold', target: SERVICE_NO_CACHE, min: 0.8 },
  { scenario: 'post', target: SERVICE, min: 0.9 },
  { scenario: 'patch', target: SERVICE, min: 0.9 },
  { scenario: 'mix', target: SERVICE, min: 0.9 },
  { scenario: 'list', target: SERVICE, min: 0.8 },
];
/** The other limits. */
const LIMITS = {
  /** CPU per request of a cached GET over the baseline's (which reads the database), at most. */
  warmGetCpuRatio: 0.8,
  /** p99 over the baseline's, at most, in every scenario. */
  p99Ratio: 1.5,
  /** Capture POST req/s over the service's own POST (register) req/s, at least. */
  capturePostRatio: 0.7,
  similarP50Ms: 50,
  rssMb: 200,
  coldStartMs: 1000,
} as const;

const times = (value: number): string => `${value.toFixed(2)}×`;

/**
 * The targets against one run: throughput and p99 against the bare Express + pg
 * baseline, the warm GET's CPU per request, capture against the service's own POST, the similar
 * search's p50, memory per process and the cold start of the one-worker service.
 */
export function targetVerdicts(rows: readonly ReportRow[], coldStartMs: Readonly<Record<string, number>>): TargetVerdict[] {
  const row = (scenario: string, target: string): ReportRow | undefined =>
    rows.find((each) => each.scenario === scenario && each.target === target);
  const verdicts: TargetVerdict[] = [];
  const notMeasured = (target: string): void => {
    verdicts.push({ target, measured: 'not measured in this run', met: undefined });
  };

  for (const { scenario, target, min } of RATIO_TARGETS) {
    const measured = row(scenario, target);
    const name = `${scenarioById(scenario).title}: req/s ≥ ${times(min)} the baseline`;
    if (measured?.ratio === undefined) notMeasured(name);
    else verdicts.push({ target: name, measured: times(measured.ratio), met: measured.ratio >= min });
  }

  const warm = row('get-warm', SERVICE);
  const baselineGet = rows.find((each) => each.target === BASELINE && (each.scenario === 'get-cold' || each.scenario === 'get-warm'));
  const cpuTarget = `GET by id, cache warm: CPU per request ≤ ${times(LIMITS.warmGetCpuRatio)} the baseline's`;
  if (warm === undefined || baselineGet === undefined || baselineGet.summary.cpuMicrosecondsPerRequest <= 0) notMeasured(cpuTarget);
  else {
    const cpuRatio = warm.summary.cpuMicrosecondsPerRequest / baselineGet.summary.cpuMicrosecondsPerRequest;
    verdicts.push({
      target: cpuTarget,
      measured: `${times(cpuRatio)} (${warm.summary.cpuMicrosecondsPerRequest.toFixed(0)} against ${baselineGet.summary.cpuMicrosecondsPerRequest.toFixed(0)} µs)`,
      met: cpuRatio <= LIMITS.warmGetCpuRatio,
    });
  }

  const p99s = RATIO_TARGETS.flatMap(({ scenario, target }) => {
    const measured = row(scenario, target);
    return measured?.p99Ratio === undefined ? [] : [{ title: measured.scenarioTitle, ratio: measured.p99Ratio }];
  });
  const p99Target = `p99 ≤ ${times(LIMITS.p99Ratio)} the baseline's in every scenario`;
  if (p99s.length === 0) notMeasured(p99Target);
  else {
    const worst = p99s.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    verdicts.push({ target: p99Target, measured: `worst ${times(worst.ratio)} (${worst.title})`, met: worst.ratio <= LIMITS.p99Ratio });
  }

  const capturePost = row('capture-post', SERVICE);
  const post = row('post', SERVICE);
  const captureTarget = `capture POST: req/s ≥ ${times(LIMITS.capturePostRatio)} the service's POST (register)`;
  if (capturePost === undefined || post === undefined || post.summary.requestsPerSecond <= 0) notMeasured(captureTarget);
  else {
    const captureRatio = capturePost.summary.requestsPerSecond / post.summary.requestsPerSecond;
    verdicts.push({
      target: captureTarget,
      measured: `${times(captureRatio)} (${capturePost.summary.requestsPerSecond.toFixed(0)} against ${post.summary.requestsPerSecond.toFixed(0)} req/s)`,
      met: captureRatio >= LIMITS.capturePostRatio,
    });
  }

  const similar = row('capture-similar', SERVICE);
  const similarTarget = `similar search among 10 000 artifacts: p50 ≤ ${LIMITS.similarP50Ms} ms`;
  if (similar === undefined) notMeasured(similarTarget);
  else
    verdicts.push({
      target: similarTarget,
      measured: `${similar.summary.p50Ms.toFixed(1)} ms`,
      met: similar.summary.p50Ms <= LIMITS.similarP50Ms,
    });

  const services = rows.filter((each) => each.target !== BASELINE && each.target !== 'floor');
  const rssTarget = `RSS ≤ ${LIMITS.rssMb} MB per process of the service`;
  if (services.length === 0) notMeasured(rssTarget);
  else {
    const peak = Math.max(...services.map((each) => each.summary.peakRssBytes)) / MB;
    verdicts.push({ target: rssTarget, measured: `peak ${peak.toFixed(0)} MB`, met: peak <= LIMITS.rssMb });
  }

  const coldStart = coldStartMs[SERVICE];
  const coldTarget = `cold start to ready ≤ ${LIMITS.coldStartMs} ms (one worker, database migrated)`;
  if (coldStart === undefined) notMeasured(coldTarget);
  else verdicts.push({ target: coldTarget, measured: `${coldStart.toFixed(0)} ms`, met: coldStart <= LIMITS.coldStartMs });
  return verdicts;
}

/** The verdicts as a Markdown table. */
export function renderTargets(verdicts: readonly TargetVerdict[]): string {
  const met = (verdict: TargetVerdict): string => (verdict.met === undefined ? '—' : verdict.met ? 'met' : 'not met');
  return [
    '| target | measured | verdict |',
    '| --- | --- | --- |',
    ...verdicts.map((verdict) => `| ${verdict.target} | ${verdict.measured} | ${met(verdict)} |`),
  ].join('\n');
}
