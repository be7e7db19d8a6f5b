import { expect } from 'chai';

import { countErrors, median, ratio, summarize, type RunMeasurement } from '../../src/stats.js';

const run = (overrides: Partial<RunMeasurement>): RunMeasurement => ({
  requestsPerSecond: 100,
  p50Ms: 5,
  p99Ms: 20,
  errors: 0,
  requests: 1000,
  peakRssBytes: 100,
  peakTotalRssBytes: 100,
  cpuSeconds: 1,
  statuses: { 200: 1000 },
  ...overrides,
});

describe('median', () => {
  it('takes the middle of an odd count and the mean of the two middles of an even one, whatever the order', () => {
    expect(median([3, 1, 2])).to.equal(2);
    expect(median([10, 1, 4, 2])).to.equal(3);
    expect(median([7])).to.equal(7);
  });

  it('refuses an empty list rather than inventing a value', () => {
    expect(() => median([])).to.throw('median of nothing');
  });
});

describe('summarize', () => {
  it('reports medians of rate and latencies, every error, the worst memory and CPU per request', () => {
    const summary = summarize([
      run({ requestsPerSecond: 900, p50Ms: 4, p99Ms: 40, errors: 1, peakRssBytes: 300, cpuSeconds: 2 }),
      run({ requestsPerSecond: 1000, p50Ms: 3, p99Ms: 10, peakRssBytes: 200, peakTotalRssBytes: 500, cpuSeconds: 1 }),
      run({ requestsPerSecond: 1100, p50Ms: 5, p99Ms: 30, errors: 2, cpuSeconds: 0.5 }),
    ]);
    expect(summary).to.deep.include({
      requestsPerSecond: 1000,
      p50Ms: 4,
      p99Ms: 30,
      errors: 3,
      peakRssBytes: 300,
      peakTotalRssBytes: 500,
      rounds: 3,
    });
    expect(summary.cpuMicrosecondsPerRequest).to.equal(1000);
    expect(summary.requestsPerSecondByRound).to.deep.equal([900, 1000, 1100]);
    expect(summary).to.deep.include({
      allocatedBytesPerRequest: undefined,
      gcShare: undefined,
      markCompactsPerThousandRequests: undefined,
    });
  });

  it("reports medians of the heap probe's figures per request, over the rounds it measured", () => {
    const heap = (allocatedBytes: number, gcPauseMicroseconds: number, markCompacts: number) => ({
      allocatedBytes,
      gcPauseMicroseconds,
      eventLoopActiveMicroseconds: 1_000_000,
      scavenges: 100,
      markCompacts,
    });
    const summary = summarize([
      run({ heap: heap(40_000_000, 100_000, 1) }),
      run({ heap: heap(50_000_000, 50_000, 3) }),
      run({ heap: heap(60_000_000, 200_000, 2) }),
      run({}),
      run({ requests: 0, heap: { ...heap(1, 1, 1), eventLoopActiveMicroseconds: 0 } }),
    ]);
    expect(summary).to.deep.include({ allocatedBytesPerRequest: 50_000, gcShare: 0.1, markCompactsPerThousandRequests: 2 });
  });
});

describe('ratio', () => {
  it('divides by the baseline, and has no value without one', () => {
    expect(ratio(150, 100)).to.equal(1.5);
    expect(ratio(150, undefined)).to.equal(undefined);
    expect(ratio(150, 0)).to.equal(undefined);
  });
});

describe('countErrors', () => {
  it('counts statuses the scenario does not expect and connection errors, not the expected ones', () => {
    expect(countErrors({ 200: 950, 429: 30, 500: 5 }, [200], 2)).to.equal(37);
    expect(countErrors({ 201: 10 }, [201], 0)).to.equal(0);
  });
});
