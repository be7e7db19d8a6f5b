import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

import type { Logger } from '@proj/application';

import type { ConnectionPoolMetrics } from '../../metrics/prometheus-metrics.js';
import type { Database } from '../schema/database.js';
import { PreparedStatementPool } from './prepared-statement-pool.js';

export interface DatabaseOptions {
  readonly url: string;
  /** Most connections open at once; a request waits at most `connectTimeoutMs` for one. */
  readonly poolMax: number;
  /** Server-side limit on one statement; 0 disables it (and the client-side guard below). */
  readonly statementTimeoutMs: number;
  /** Limit on opening a connection and on waiting for a free one in the pool. */
  readonly connectTimeoutMs: number;
  /** Run statements with parameters as named prepared statements (see PreparedStatementPool). Default true. */
  readonly preparedStatements?: boolean;
  readonly logger: Logger;
  /** Receives the pool's in-use, idle and waiting counts at every scrape. */
  readonly metrics?: ConnectionPoolMetrics;
}

// The server cancels a statement at `statement_timeout`; the client gives up a little later in
// case the server cannot answer at all (a network partition), so that no request hangs.
const CLIENT_TIMEOUT_MARGIN_MS = 1_000;

// timestamptz and timestamp come back as Date (pg's default); bigint counts as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/**
 * A Kysely instance over a `pg` pool. The caller owns it and must `destroy()` it. When the
 * database is down or the pool stays exhausted, queries fail within the connect or statement
 * timeout with errors that `mapUnavailable` recognises; nothing waits forever. The pool opens new
 * connections on demand, so it recovers by itself when the database comes back.
 */
export function createDatabase(options: DatabaseOptions): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    connectionTimeoutMillis: options.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    ...(options.statementTimeoutMs > 0
      ? { statement_timeout: options.statementTimeoutMs, query_timeout: options.statementTimeoutMs + CLIENT_TIMEOUT_MARGIN_MS }
      : {}),
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
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: options.preparedStatements === false ? pool : new PreparedStatementPool(pool) }),
  });
}
