import { DependencyUnavailableError } from '@proj/application/errors';

// SQLSTATE classes and codes: https://www.postgresql.org/docs/current/errcodes-appendix.html
// Class 08 (connection exception) and class 53 (insufficient resources: disk full, out of memory,
// too many connections) as a whole, plus the operator-intervention codes of a server going away.
const UNAVAILABLE_SQLSTATE_CLASSES = new Set(['08', '53']);
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovering)
  '57P05', // idle_session_timeout
  '57014', // query_canceled (statement_timeout)
]);
// What pg and pg-pool throw without a code: the pool's wait for a free connection timing out
// (`connectionTimeoutMillis`), a new connection timing out, a connection dropped mid-query, and
// the client-side `query_timeout`.
const UNAVAILABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|Query read timeout|^timeout expired$/i;
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
const RETRY_AFTER_SECONDS = 2;

interface DriverError {
  readonly code?: string;
  readonly constraint?: string;
  readonly message?: string;
}

/** For a unique violation on a constraint (or index) named here, the error it means. */
export type UniqueViolations = Readonly<Record<string, (cause: unknown) => Error>>;

/**
 * The one mapping of driver errors, for every repository: `.catch(rethrowDatabaseError)`. Throws
 * the error `uniqueViolations` names for a unique violation on one of its constraints, a
 * DependencyUnavailableError when the database cannot serve now (see {@link mapUnavailable}), and
 * anything else unchanged.
 */
export function rethrowDatabaseError(error: unknown, uniqueViolations: UniqueViolations = {}): never {
  const e = error as DriverError | undefined;
  const conflict = e?.code === '23505' && e.constraint !== undefined ? uniqueViolations[e.constraint] : undefined;
  throw conflict === undefined ? mapUnavailable(error) : conflict(error);
}

/**
 * Turns a driver error that means "the database cannot serve now" into a
 * DependencyUnavailableError (503 upstream); returns anything else unchanged.
 */
export function mapUnavailable(error: unknown): unknown {
  const e = error as DriverError | undefined;
  const code = e?.code ?? '';
  const sqlstate = /^[0-9A-Z]{5}$/.test(code) ? code : '';
  if (
    UNAVAILABLE_SQLSTATES.has(sqlstate) ||
    UNAVAILABLE_SQLSTATE_CLASSES.has(sqlstate.slice(0, 2)) ||
    UNAVAILABLE_NODE_CODES.has(code) ||
    UNAVAILABLE_MESSAGES.test(e?.message ?? '')
  ) {
    return new DependencyUnavailableError('database', RETRY_AFTER_SECONDS, { cause: error });
  }
  return error;
}
