import { expect } from 'chai';

import {
  FLOOR_TARGET,
  renderReport,
  renderTable,
  rowNotes,
  TRACING_TARGET,
  tracingCostNotes,
  type BenchReport,
  type ReportRow,
} from '../../src/report.js';
import type { SeriesSummary } from '../../src/stats.js';

const summary = (requestsPerSecond: number, cpuMicrosecondsPerRequest: number): SeriesSummary => ({
  requestsPerSecond,
  p50Ms: 2,
  p99Ms: 8,
  errors: 0,
  peakRssBytes: 80 * 1024 * 1024,
  peakTotalRssBytes: 80 * 1024 * 1024,
  cpuMicrosecondsPerRequest,
  allocatedBytesPerRequest: 40 * 1024,
  gcShare: 0.055,
  markCompactsPerThousandRequests: 0.5,
  rounds: 1,
  requestsPerSecondByRound: [requestsPerSecond],
});

const row = (target: string, targetTitle: string, requestsPerSecond: number, ratio: number | undefined): ReportRow => ({
  scenario: 'get-warm',
  scenarioTitle: 'GET by id, cache warm',
  target,
  targetTitle,
  summary: summary(requestsPerSecond, 1e6 / requestsPerSecond),
  ratio,
  p99Ratio: ratio === undefined ? undefined : 1,
});

const floor = row(FLOOR_TARGET, 'Express floor (in-memory Map, no I/O)', 12_410, 1.7);
const rows = [row('service', 'service ×1', 6500, 0.89), floor, row('baseline', 'baseline Express + pg', 7300, undefined)];

describe('renderTable', () => {
  it("shows the floor's row like any other, with its ratio to the baseline", () => {
    const line = renderTable(rows)
      .split('\n')
      .find((each) => each.includes('Express floor'));
    expect(line).to.equal(
      '| GET by id, cache warm | Express floor (in-memory Map, no I/O) | 12410 | 2.0 | 8.0 | 0 | 80 | 81 | 40.0 | 5.5 | 1.70× | 1.00× |',
    );
  });

  it('shows a dash for the heap figures of a server measured without the heap probe', () => {
    const unprobed = { ...floor, summary: { ...floor.summary, allocatedBytesPerRequest: undefined, gcShare: undefined } };
    expect(renderTable([unprobed]).split('\n')[2]).to.contain('| 81 | — | — | 1.70× |');
  });
});

describe('rowNotes', () => {
  it("explains the floor in one sentence, with its ratio next to the issue's target for the service", () => {
    const notes = rowNotes(rows);
    expect(notes).to.have.length(1);
    expect(notes[0]).to.match(/^Express floor \(in-memory Map, no I\/O\): Express 5 alone .* from a Map filled once at start/);
    expect(notes[0]).to.contain('1.70× the baseline, against the 1.20× the issue asks of the service.');
    expect(notes[0]?.split('. ')).to.have.length(1);
  });

  it('leaves the ratio out when there was no baseline to divide by', () => {
    expect(rowNotes([{ ...floor, ratio: undefined }])[0]).to.match(/on this machine\.$/);
  });

  it('has nothing to say when the floor was not measured (--no-floor)', () => {
    expect(rowNotes(rows.filter((each) => each.target !== FLOOR_TARGET))).to.deep.equal([]);
  });
});

describe('tracingCostNotes', () => {
  it('gives the CPU per request and p50 that tracing adds, per scenario measured both ways', () => {
    const traced = { ...row(TRACING_TARGET, 'service ×1, tracing', 5000, 0.7), summary: { ...summary(5000, 200), p50Ms: 2.5 } };
    const plain = { ...row('service', 'service ×1', 6500, 0.89), summary: summary(6500, 150) };
    const other = { ...traced, scenario: 'post', scenarioTitle: 'POST' };
    expect(tracingCostNotes([plain, floor, traced, other])).to.deep.equal([
      'Tracing (every request sampled, spans exported) on GET by id, cache warm: +50 µs of server CPU per request (150 -> 200, +33 %), p50 2.0 -> 2.5 ms, req/s 6500 -> 5000.',
    ]);
  });

  it('has nothing to say without a traced service', () => {
    expect(tracingCostNotes(rows)).to.deep.equal([]);
  });
});

describe('renderReport', () => {
  it('puts the notes it is given under the table', () => {
    const report: BenchReport = {
      startedAt: '2025-01-01T00:00:00.000Z',
      elapsedSeconds: 60,
      machine: { cpus: 2, cpuModel: 'test', node: 'v22', loadAverageAtStart: [0], loadAverageAtEnd: [0] },
      load: { tool: 'autocannon 9', connections: 32, durationSeconds: 2, warmupSeconds: 1, rounds: 1 },
      service: {},
      coldStartMs: { service: 900, floor: 300, baseline: 200 },
      rows,
      targets: [{ target: 'cold start to ready ≤ 1000 ms', measured: '900 ms', met: true }],
      notes: rowNotes(rows),
    };
    const markdown = renderReport(report);
    expect(markdown).to.contain('floor 300 ms');
    expect(markdown.indexOf('- Express floor')).to.be.greaterThan(markdown.indexOf('| Express floor'));
    expect(markdown).to.contain('| cold start to ready ≤ 1000 ms | 900 ms | met |');
    expect(markdown.indexOf('| cold start to ready')).to.be.greaterThan(markdown.indexOf('| Express floor'));
  });
});
