/**
 * What a measured server allocated on its V8 heap and spent in garbage collection, counted by
 * the heap probe (heap-probe.ts) from `v8.GCProfiler`'s record of every collection.
 *
 * Bytes allocated between two collections are the heap's used size just before the second minus
 * its used size just after the first: everything allocated in between is either still there or
 * was collected by the second. Summed over every collection, plus what was allocated since the
 * last one, that is every byte allocated on the V8 heap, exactly (promotion moves bytes, it does
 * not change the used size). Buffer contents (off-heap) are not counted.
 */
export interface HeapTotals {
  /** Bytes allocated on the V8 heap. */
  readonly allocatedBytes: number;
  /** Main-thread pause of every collection, in microseconds (concurrent marking threads not included). */
  readonly gcPauseMicroseconds: number;
  /**
   * Time the event loop was busy (`performance.eventLoopUtilization().active`), in microseconds: wall
   * time like the GC pause, so that their ratio does not move when the process waits for a core.
   */
  readonly eventLoopActiveMicroseconds: number;
  readonly scavenges: number;
  /** Mark-sweep-compact collections (full ones), incremental marking steps not counted. */
  readonly markCompacts: number;
}

/** The signal the bench sends a server for a snapshot of its totals (SIGUSR1 is Node's inspector). */
export const HEAP_PROBE_SIGNAL = 'SIGUSR2';
/** The environment variable naming the directory the probe writes its snapshots to. */
export const HEAP_PROBE_DIR_VARIABLE = 'BENCH_HEAP_PROBE_DIR';

export const NO_HEAP_ACTIVITY: HeapTotals = Object.freeze({
  allocatedBytes: 0,
  gcPauseMicroseconds: 0,
  eventLoopActiveMicroseconds: 0,
  scavenges: 0,
  markCompacts: 0,
});

/** The part of one entry of `v8.GCProfiler#stop().statistics` the accounting reads. */
export interface GcRecord {
  readonly gcType: string;
  /** Microseconds. */
  readonly cost: number;
  readonly beforeGC: { readonly heapStatistics: { readonly usedHeapSize: number } };
  readonly afterGC: { readonly heapStatistics: { readonly usedHeapSize: number } };
}

/**
 * Folds the collections recorded between two moments into totals.
 * @param usedAtStart the heap's used size when recording started
 * @param usedAtEnd the heap's used size when recording stopped (before anything the stop allocated)
 */
export function accountCollections(
  records: readonly GcRecord[],
  usedAtStart: number,
  usedAtEnd: number,
  eventLoopActiveMicroseconds: number,
): HeapTotals {
  let allocatedBytes = 0;
  let gcPauseMicroseconds = 0;
  let scavenges = 0;
  let markCompacts = 0;
  let usedAfterPrevious = usedAtStart;
  for (const record of records) {
    allocatedBytes += Math.max(0, record.beforeGC.heapStatistics.usedHeapSize - usedAfterPrevious);
    usedAfterPrevious = record.afterGC.heapStatistics.usedHeapSize;
    gcPauseMicroseconds += record.cost;
    if (record.gcType === 'Scavenge' || record.gcType === 'MinorMarkCompact' || record.gcType === 'MinorMarkSweep') scavenges += 1;
    else if (record.gcType === 'MarkSweepCompact') markCompacts += 1;
  }
  allocatedBytes += Math.max(0, usedAtEnd - usedAfterPrevious);
  return { allocatedBytes, gcPauseMicroseconds, eventLoopActiveMicroseconds, scavenges, markCompacts };
}

export function addHeapTotals(a: HeapTotals, b: HeapTotals): HeapTotals {
  return {
    allocatedBytes: a.allocatedBytes + b.allocatedBytes,
    gcPauseMicroseconds: a.gcPauseMicroseconds + b.gcPauseMicroseconds,
    eventLoopActiveMicroseconds: a.eventLoopActiveMicroseconds + b.eventLoopActiveMicroseconds,
    scavenges: a.scavenges + b.scavenges,
    markCompacts: a.markCompacts + b.markCompacts,
  };
}

/** One process's running totals, as the probe writes them to `<dir>/<pid>.json`. */
export interface HeapProbeSnapshot {
  readonly pid: number;
  /** How many snapshots the bench asked for so far (0: the one written when the probe loaded). */
  readonly sequence: number;
  readonly totals: HeapTotals;
}

/**
 * What a server's processes did between two sets of snapshots (before and after a measured run),
 * summed over the processes present in both: a cluster's primary and its workers.
 */
export function heapActivityBetween(before: readonly HeapProbeSnapshot[], after: readonly HeapProbeSnapshot[]): HeapTotals {
  let sum = NO_HEAP_ACTIVITY;
  for (const end of after) {
    const start = before.find((each) => each.pid === end.pid);
    if (start === undefined) continue;
    sum = addHeapTotals(sum, {
      allocatedBytes: end.totals.allocatedBytes - start.totals.allocatedBytes,
      gcPauseMicroseconds: end.totals.gcPauseMicroseconds - start.totals.gcPauseMicroseconds,
      eventLoopActiveMicroseconds: end.totals.eventLoopActiveMicroseconds - start.totals.eventLoopActiveMicroseconds,
      scavenges: end.totals.scavenges - start.totals.scavenges,
      markCompacts: end.totals.markCompacts - start.totals.markCompacts,
    });
  }
  return sum;
}

/** Reads a snapshot file's text; undefined for anything that is not one (a file still being written). */
export function parseHeapProbeSnapshot(text: string): HeapProbeSnapshot | undefined {
  try {
    const value = JSON.parse(text) as Partial<HeapProbeSnapshot>;
    const totals = value.totals as Partial<HeapTotals> | undefined;
    if (
      typeof value.pid !== 'number' ||
      typeof value.sequence !== 'number' ||
      totals === undefined ||
      typeof totals.allocatedBytes !== 'number' ||
      typeof totals.gcPauseMicroseconds !== 'number' ||
      typeof totals.eventLoopActiveMicroseconds !== 'number' ||
      typeof totals.scavenges !== 'number' ||
      typeof totals.markCompacts !== 'number'
    )
      return undefined;
    return value as HeapProbeSnapshot;
  } catch {
    return undefined;
  }
}
