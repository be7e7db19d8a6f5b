import { DependencyUnavailableError } from '@proj/application/errors';

// SQLSTATE classes and codes: https://www.postgresql.org/docs/current/errcodes-appendix.html
const UNAVAILABLE_SQLSTATES = new Set([
  '53300', // too_many_connections
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '57014', // query_canceled (statement_timeout)
]);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);
const RETRY_AFTER_SECONDS = 2;

interface DriverError {
  readonly code?: string;
  readonly constraint?: string;
  readonly message?: string;
}

/** True for a unique violation on the given constraint or index. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as DriverError | undefined;
  return e?.code === '23505' && e.constraint === constraint;
}

/**
 * Turns a driver error that means "the database cannot serve now" into a
 * DependencyUnavailableError (503 upstream); returns anything else unchanged.
 */
export function mapUnavailable(error: unknown): unknown {
  const e = error as DriverError | undefined;
  const code = e?.code ?? '';
  const connectionLost = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e?.message ?? '');
  if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NODE_CODES.has(code) || connectionLost) {
    return new DependencyUnavailableError('database', RETRY_AFTER_SECONDS, { cause: error });
  }
  return error;
}
