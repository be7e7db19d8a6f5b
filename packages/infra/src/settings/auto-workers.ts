import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** What decides `auto`: the cores this process may run on, and a CPU quota when one caps them. */
export interface CpuBudget {
  /** Cores the process may be scheduled on (`os.availableParallelism()`: the affinity mask). */
  readonly cores: number;
  /** CPUs the container's cgroup may use per period (`2.5` for 250 ms each 100 ms), or undefined. */
  readonly quota: number | undefined;
}

/**
 * What `PROJ_WORKERS=auto` means.
 * - Without a CPU quota, one worker per core but one, at least one. A process uses more than its
 *   core (V8's concurrent marking and the libuv pool run on other threads), and the machine also
 *   runs PostgreSQL, Redis or a proxy more often than not: on a 2-core machine shared with them, a
 *   second worker raised throughput on some scenarios, lowered it on others, and raised every p99
 *   (docs/performance.md, "Third round"), so `auto` is one worker there.
 * - Under a quota (a container's CPU limit), one worker per whole CPU of it, at least one: the
 *   quota is this service's own, and more workers than it would only be throttled together.
 *   `availableParallelism()` does not see a quota: a pod limited to 2 CPUs on a 32-core node would
 *   otherwise fork 31 workers.
 */
export function autoWorkers(budget: CpuBudget = cpuBudget()): number {
  if (budget.quota !== undefined) return Math.max(1, Math.floor(Math.min(budget.quota, budget.cores)));
  return Math.max(1, budget.cores - 1);
}

/** The cores and the cgroup CPU quota of this process, read from the machine. */
export function cpuBudget(read: (path: string) => string | undefined = readIfPresent): CpuBudget {
  return { cores: availableParallelism(), quota: cgroupCpuQuota(read) };
}

/**
 * The CPU quota of this process's cgroup in CPUs, or undefined when it has none: cgroup v2's
 * `cpu.max` (`<quota> <period>`, `max` for none), else cgroup v1's `cpu.cfs_quota_us` (-1 for
 * none) over `cpu.cfs_period_us`. Inside a container the cgroup namespace makes both files the
 * container's own.
 */
export function cgroupCpuQuota(read: (path: string) => string | undefined): number | undefined {
  const v2 = read('/sys/fs/cgroup/cpu.max')?.trim().split(/\s+/);
  if (v2 !== undefined) return v2[0] === 'max' ? undefined : ratio(v2[0], v2[1]);
  for (const dir of ['/sys/fs/cgroup/cpu', '/sys/fs/cgroup/cpu,cpuacct']) {
    const quota = read(`${dir}/cpu.cfs_quota_us`);
    if (quota !== undefined) return ratio(quota.trim(), read(`${dir}/cpu.cfs_period_us`)?.trim());
  }
  return undefined;
}

function ratio(quota: string | undefined, period: string | undefined): number | undefined {
  const q = Number(quota);
  const p = Number(period);
  return Number.isFinite(q) && q > 0 && Number.isFinite(p) && p > 0 ? q / p : undefined;
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
