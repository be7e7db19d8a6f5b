// Loaded into every server the bench measures (`node --import <this> …`; cluster workers inherit
// it). With BENCH_HEAP_PROBE_DIR set, it records every garbage collection with v8.GCProfiler and,
// on each SIGUSR2, writes this process's running totals (bytes allocated, GC pause, event-loop busy time, collections)
// to <dir>/<pid>.json: the bench signals before and after a measured run and takes the
// difference. Its own cost: a few microseconds per collection, and the signal's handler twice per run.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GCProfiler, getHeapStatistics } from 'node:v8';

import {
  accountCollections,
  addHeapTotals,
  HEAP_PROBE_DIR_VARIABLE,
  HEAP_PROBE_SIGNAL,
  NO_HEAP_ACTIVITY,
  type HeapProbeSnapshot,
} from './heap-accounting.js';

// The probe runs inside servers of any build, before their settings exist: this variable is its only input.
// eslint-disable-next-line no-restricted-properties
const dir = process.env[HEAP_PROBE_DIR_VARIABLE];
if (dir !== undefined && dir !== '') {
  let totals = NO_HEAP_ACTIVITY;
  let sequence = 0;
  let profiler: GCProfiler | undefined;
  let usedAtStart = 0;
  let activeAtStart = 0;
  const file = join(dir, `${process.pid}.json`);
  const write = (): void => {
    const snapshot: HeapProbeSnapshot = { pid: process.pid, sequence, totals };
    writeFileSync(`${file}.tmp`, JSON.stringify(snapshot));
    renameSync(`${file}.tmp`, file);
  };
  process.on(HEAP_PROBE_SIGNAL, () => {
    // Counted up to here: what the handler itself allocates below is left out.
    const usedAtEnd = getHeapStatistics().used_heap_size;
    const activeAtEnd = performance.eventLoopUtilization().active;
    if (profiler !== undefined) {
      const segment = accountCollections(profiler.stop().statistics, usedAtStart, usedAtEnd, (activeAtEnd - activeAtStart) * 1000);
      totals = addHeapTotals(totals, segment);
    }
    sequence += 1;
    write();
    profiler = new GCProfiler();
    profiler.start();
    usedAtStart = getHeapStatistics().used_heap_size;
    activeAtStart = performance.eventLoopUtilization().active;
  });
  // Announces the probe: the bench signals only processes that wrote this (the signal would end any other).
  write();
}
