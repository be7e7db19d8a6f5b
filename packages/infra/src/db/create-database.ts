import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

import type { Logger } from '@proj/application';

import type { ConnectionPoolMetrics } from '../metrics/prometheus-metrics.js';
import type { Database } from './database.js';

export interface DatabaseOptions {
  readonly url: string;
  readonly poolMax: number;
  readonly statementTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly logger: Logger;
  /** Receives the pool's in-use, idle and waiting counts at every scrape. */
  readonly metrics?: ConnectionPoolMetrics;
}

// timestamptz and timestamp come back as Date (pg's default); bigint counts as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/** A Kysely instance over a `pg` pool. The caller owns it and must `destroy()` it. */
export function createDatabase(options: DatabaseOptions): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    connectionTimeoutMillis: options.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs || undefined,
    application_name: 'proj',
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', (error) => options.logger.warn('idle database connection lost', { error: error.message }));
  options.metrics?.trackConnectionPool(() => ({
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
    max: options.poolMax,
  }));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
