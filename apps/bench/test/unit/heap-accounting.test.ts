import { expect } from 'chai';

import {
  accountCollections,
  addHeapTotals,
  heapActivityBetween,
  NO_HEAP_ACTIVITY,
  parseHeapProbeSnapshot,
  type GcRecord,
  type HeapProbeSnapshot,
} from '../../src/heap-accounting.js';

const gc = (gcType: string, before: number, after: number, cost = 100): GcRecord => ({
  gcType,
  cost,
  beforeGC: { heapStatistics: { usedHeapSize: before } },
  afterGC: { heapStatistics: { usedHeapSize: after } },
});

describe('accountCollections', () => {
  it('counts what was allocated up to each collection from what the previous one left, and what came after the last', () => {
    // 10 at start; +6 to 16, collected to 11; +9 to 20, collected to 12; +3 to 15 at the end.
    const totals = accountCollections([gc('Scavenge', 16, 11, 250), gc('MarkSweepCompact', 20, 12, 1500)], 10, 15, 9000);
    expect(totals).to.deep.equal({
      allocatedBytes: 6 + 9 + 3,
      gcPauseMicroseconds: 1750,
      eventLoopActiveMicroseconds: 9000,
      scavenges: 1,
      markCompacts: 1,
    });
  });

  it('is the growth of the used heap when nothing was collected', () => {
    expect(accountCollections([], 1000, 1500, 0)).to.deep.equal({ ...NO_HEAP_ACTIVITY, allocatedBytes: 500 });
  });

  it('counts incremental marking steps as pauses but neither as scavenges nor as full collections', () => {
    const totals = accountCollections([gc('IncrementalMarking', 30, 30, 40), gc('MinorMarkCompact', 40, 20, 60)], 20, 20, 500);
    expect(totals).to.deep.include({ allocatedBytes: 10 + 10, gcPauseMicroseconds: 100, scavenges: 1, markCompacts: 0 });
  });

  it('never counts a negative allocation (a used size that went down between two records)', () => {
    expect(accountCollections([gc('Scavenge', 5, 4)], 10, 3, 0).allocatedBytes).to.equal(0);
  });
});

describe('heapActivityBetween', () => {
  const snapshot = (pid: number, sequence: number, allocatedBytes: number, gcPauseMicroseconds: number): HeapProbeSnapshot => ({
    pid,
    sequence,
    totals: {
      allocatedBytes,
      gcPauseMicroseconds,
      eventLoopActiveMicroseconds: sequence * 1000,
      scavenges: sequence * 2,
      markCompacts: sequence,
    },
  });

  it('sums what every process did between the two snapshots, ignoring a process that appeared or left in between', () => {
    const before = [snapshot(1, 1, 100, 10), snapshot(2, 1, 1000, 50), snapshot(3, 1, 7, 7)];
    const after = [snapshot(1, 2, 150, 12), snapshot(2, 2, 1600, 80), snapshot(4, 2, 999, 999)];
    expect(heapActivityBetween(before, after)).to.deep.equal({
      allocatedBytes: 650,
      gcPauseMicroseconds: 32,
      eventLoopActiveMicroseconds: 2000,
      scavenges: 4,
      markCompacts: 2,
    });
  });

  it('adds totals field by field', () => {
    const one = { allocatedBytes: 1, gcPauseMicroseconds: 2, eventLoopActiveMicroseconds: 5, scavenges: 3, markCompacts: 4 };
    expect(addHeapTotals(one, one)).to.deep.equal({
      allocatedBytes: 2,
      gcPauseMicroseconds: 4,
      eventLoopActiveMicroseconds: 10,
      scavenges: 6,
      markCompacts: 8,
    });
  });
});

describe('parseHeapProbeSnapshot', () => {
  it('reads what the probe writes', () => {
    const written = {
      pid: 7,
      sequence: 3,
      totals: { allocatedBytes: 1, gcPauseMicroseconds: 2, eventLoopActiveMicroseconds: 5, scavenges: 3, markCompacts: 4 },
    };
    expect(parseHeapProbeSnapshot(JSON.stringify(written))).to.deep.equal(written);
  });

  it('takes a half-written or foreign file for no snapshot', () => {
    expect(parseHeapProbeSnapshot('{"pid": 7, "seq')).to.equal(undefined);
    expect(parseHeapProbeSnapshot('{"pid": 7, "sequence": 1}')).to.equal(undefined);
    expect(parseHeapProbeSnapshot('{"pid": 7, "sequence": 1, "totals": {"allocatedBytes": "1"}}')).to.equal(undefined);
  });
});
