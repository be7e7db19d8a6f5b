import { performance } from 'node:perf_hooks';

import type { Logger } from '@proj/application';
import type { HealthCheck } from '@proj/application/edge';

export interface CheckResult {
  readonly status: 'up' | 'down';
  readonly latency_ms: number;
  readonly required: boolean;
}

export interface ReadinessReport {
  /** `ok`: all up; `degraded`: only optional checks down; `unavailable`: a required one down, or draining. */
  readonly status: 'ok' | 'degraded' | 'unavailable';
  readonly draining: boolean;
  readonly checks: Readonly<Record<string, CheckResult>>;
}

/**
 * Runs every check concurrently, each bounded by `timeoutMs`; a check that rejects, throws or
 * outlasts the timeout is `down` (and logged at warn with the reason, which is not reported).
 */
export async function checkReadiness(
  checks: readonly HealthCheck[],
  options: { readonly timeoutMs: number; readonly logger: Logger },
): Promise<ReadinessReport> {
  const results = await Promise.all(checks.map(async (check) => [check.name, await probe(check, options)] as const));
  const downRequired = results.some(([, result]) => result.status === 'down' && result.required);
  const downOptional = results.some(([, result]) => result.status === 'down' && !result.required);
  return {
    status: downRequired ? 'unavailable' : downOptional ? 'degraded' : 'ok',
    draining: false,
    checks: Object.fromEntries(results),
  };
}

async function probe(check: HealthCheck, options: { readonly timeoutMs: number; readonly logger: Logger }): Promise<CheckResult> {
  const startedAt = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
  });
  let status: CheckResult['status'] = 'up';
  try {
    await Promise.race([Promise.resolve().then(() => check.check()), timeout]);
  } catch (error) {
    status = 'down';
    options.logger.warn('health check failed', {
      check: check.name,
      required: check.required,
      reason: error instanceof Error ? error.message : String(error),
    });
  } finally {
    clearTimeout(timer);
  }
  return { status, latency_ms: Math.round((performance.now() - startedAt) * 10) / 10, required: check.required };
}
