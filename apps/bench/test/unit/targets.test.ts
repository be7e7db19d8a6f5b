import { expect } from 'chai';

import type { ReportRow } from '../../src/report.js';
import type { SeriesSummary } from '../../src/stats.js';
import { renderTargets, targetVerdicts } from '../../src/targets.js';

const MB = 1024 * 1024;

const summary = (overrides: Partial<SeriesSummary>): SeriesSummary => ({
  requestsPerSecond: 1000,
  p50Ms: 10,
  p99Ms: 30,
  errors: 0,
  peakRssBytes: 150 * MB,
  peakTotalRssBytes: 150 * MB,
  cpuMicrosecondsPerRequest: 300,
  allocatedBytesPerRequest: undefined,
  gcShare: undefined,
  markCompactsPerThousandRequests: undefined,
  rounds: 1,
  requestsPerSecondByRound: [1000],
  ...overrides,
});

const row = (scenario: string, target: string, overrides: Partial<SeriesSummary>, ratio?: number, p99Ratio?: number): ReportRow => ({
  scenario,
  scenarioTitle: scenario,
  target,
  targetTitle: target,
  summary: summary(overrides),
  ratio,
  p99Ratio,
});

const fullRun: ReportRow[] = [
  row('get-warm', 'service', { requestsPerSecond: 1300, cpuMicrosecondsPerRequest: 150 }, 1.3, 1.2),
  row('get-cold', 'service-nocache', {}, 0.7, 1.4),
  row('get-cold', 'baseline', { cpuMicrosecondsPerRequest: 200 }),
  row('post', 'service', { requestsPerSecond: 900 }, 0.9, 1.6),
  row('post', 'baseline', {}),
  row('patch', 'service', {}, 0.95, 1.1),
  row('mix', 'service', {}, 1.0, 1.0),
  row('list', 'service', {}, 0.85, 1.0),
  row('capture-post', 'service', { requestsPerSecond: 600 }),
  row('capture-similar', 'service', { p50Ms: 80 }),
  row('get-warm', 'floor', { peakRssBytes: 500 * MB }, 2),
];

describe('targetVerdicts', () => {
  const verdicts = targetVerdicts(fullRun, { service: 950, baseline: 100 });
  const verdict = (start: string) => verdicts.find((each) => each.target.startsWith(start));

  it('checks req/s against the baseline per scenario, at the threshold inclusive', () => {
    expect(verdict('GET by id, cache warm: req/s')).to.deep.include({ measured: '1.30×', met: true });
    expect(verdict('GET by id, cache off: req/s')).to.deep.include({ measured: '0.70×', met: false });
    expect(verdict('POST (register): req/s')).to.deep.include({ measured: '0.90×', met: true });
    expect(verdict('list page')).to.deep.include({ met: true });
  });

  it("compares the cached GET's CPU per request with the baseline's GET, which reads the database", () => {
    expect(verdict('GET by id, cache warm: CPU')).to.deep.include({ measured: '0.75× (150 against 200 µs)', met: true });
  });

  it('names the worst p99 ratio', () => {
    expect(verdict('p99')).to.deep.include({ measured: 'worst 1.60× (post)', met: false });
  });

  it("checks capture POST against the service's own POST and the similar search's p50", () => {
    expect(verdict('capture POST')).to.deep.include({ measured: '0.67× (600 against 900 req/s)', met: false });
    expect(verdict('similar search')).to.deep.include({ measured: '80.0 ms', met: false });
  });

  it("checks the service's memory without the floor's, and the one-worker service's cold start", () => {
    expect(verdict('RSS')).to.deep.include({ measured: 'peak 150 MB', met: true });
    expect(verdict('cold start')).to.deep.include({ measured: '950 ms', met: true });
  });

  it('says what a run did not measure instead of judging it', () => {
    const partial = targetVerdicts([row('get-cold', 'baseline', {})], {});
    expect(partial.filter((each) => each.met === undefined)).to.have.length(partial.length);
    expect(partial[0]).to.deep.equal({
      target: 'GET by id, cache warm: req/s ≥ 1.20× the baseline',
      measured: 'not measured in this run',
      met: undefined,
    });
  });
});

describe('renderTargets', () => {
  it('is a Markdown table with a verdict per target', () => {
    expect(
      renderTargets([
        { target: 'a', measured: '1', met: true },
        { target: 'b', measured: '2', met: false },
        { target: 'c', measured: 'not measured in this run', met: undefined },
      ]).split('\n'),
    ).to.deep.equal([
      '| target | measured | verdict |',
      '| --- | --- | --- |',
      '| a | 1 | met |',
      '| b | 2 | not met |',
      '| c | not measured in this run | — |',
    ]);
  });
});
