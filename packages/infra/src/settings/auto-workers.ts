import { availableParallelism } from 'node:os';

/**
 * What `PROJ_WORKERS=auto` means: one worker per core but one, and at least one. A process uses
 * more than its core (V8's concurrent marking and the libuv pool run on other threads), and the
 * machine also runs PostgreSQL, Redis or a proxy more often than not: on a 2-core machine shared
 * with them, a second worker raised throughput on some scenarios, lowered it on others, and
 * raised every p99 (docs/performance.md, "Third round"), so `auto` is one worker there.
 */
export function autoWorkers(cores: number = availableParallelism()): number {
  return Math.max(1, cores - 1);
}
