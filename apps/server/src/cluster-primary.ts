import cluster, { type Worker } from 'node:cluster';

import type { Logger } from '@proj/application';
import { answerClusterMetricsRequests } from '@proj/infra';

export interface ClusterOptions {
  readonly workers: number;
  /** Each worker's own drain deadline; the primary waits a little longer before killing. */
  readonly shutdownTimeoutMs: number;
  readonly logger: Logger & { close(timeoutMs?: number): Promise<void> };
}

/** Grace the primary adds to the workers' own shutdown deadline before it kills them. */
const KILL_AFTER_DEADLINE_MS = 5_000;
/** More replacements than this per worker within a minute means a crash loop: give up. */
const REPLACEMENTS_PER_WORKER_PER_MINUTE = 5;

/**
 * The primary of `PROJ_WORKERS` > 1: forks the workers (each runs the whole server and listens on
 * the shared port), replaces a worker that dies after it started serving, and stops when a worker
 * cannot start (as a single process would exit). On SIGTERM or SIGINT it has every worker drain
 * (SIGTERM: each runs the single-process shutdown) and exits 0 once every worker that had started
 * serving exited 0, or 1.
 * A second signal, or workers still running past their deadline, ends them with SIGKILL.
 * `GET /metrics` on any worker answers with the metrics of all of them, summed here.
 */
export function runClusterPrimary(options: ClusterOptions): void {
  const { logger } = options;
  const startedAt = performance.now();
  const served = new Set<number>();
  const replacements: number[] = [];
  let stopping = false;
  let exitCode = 0;

  // A worker stays in `cluster.workers` until both its 'exit' and its 'disconnect' have happened,
  // in either order: ask the process itself, or the last exit can miss that it was the last.
  const live = (): Worker[] =>
    Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined && !worker.isDead());

  const fork = (): void => {
    const worker = cluster.fork();
    worker.once('listening', () => {
      served.add(worker.id);
      if (served.size === options.workers) {
        logger.info(`${options.workers} workers serving`, {
          workers: options.workers,
          startup_ms: Math.round(performance.now() - startedAt),
        });
      }
    });
  };

  const finish = async (): Promise<void> => {
    logger.info('stopped', { exit_code: exitCode });
    await logger.close();
    process.exit(exitCode);
  };

  const stop = (reason: string, code: number): void => {
    if (stopping) {
      logger.warn(`${reason} during shutdown: killing the workers`, { workers: live().map((worker) => worker.process.pid) });
      for (const worker of live()) worker.process.kill('SIGKILL');
      exitCode = 1;
      return;
    }
    stopping = true;
    exitCode = code;
    logger.info('shutting down the workers', { reason, workers: live().length });
    for (const worker of live()) worker.process.kill('SIGTERM');
    setTimeout(() => {
      const left = live();
      if (left.length === 0) return;
      logger.error('workers still running past the shutdown deadline: killing them', { workers: left.map((worker) => worker.process.pid) });
      exitCode = 1;
      for (const worker of left) worker.process.kill('SIGKILL');
    }, options.shutdownTimeoutMs + KILL_AFTER_DEADLINE_MS).unref();
    if (live().length === 0) void finish();
  };

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      // A worker still starting when the stop came ends by the signal itself; it served nothing.
      if (code !== 0 && served.has(worker.id)) exitCode = 1;
      if (live().length === 0) void finish();
      return;
    }
    if (!served.has(worker.id)) {
      logger.error('a worker exited before it served: stopping', { worker: worker.id, code, signal });
      stop('a worker could not start', code === null || code === 0 ? 1 : code);
      return;
    }
    const now = performance.now();
    replacements.push(now);
    while ((replacements[0] ?? now) < now - 60_000) replacements.shift();
    if (replacements.length > options.workers * REPLACEMENTS_PER_WORKER_PER_MINUTE) {
      logger.error('workers keep dying: stopping', { worker: worker.id, code, signal, replacements_last_minute: replacements.length });
      stop('workers keep dying', 1);
      return;
    }
    logger.error('a worker died: starting another', { worker: worker.id, code, signal });
    fork();
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => stop(signal, 0));
  }
  answerClusterMetricsRequests();
  logger.info(`starting ${options.workers} workers`, { workers: options.workers });
  for (let index = 0; index < options.workers; index += 1) fork();
}
