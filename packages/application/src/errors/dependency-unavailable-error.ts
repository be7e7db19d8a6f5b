import { AppError } from '@proj/domain';

/**
 * A dependency the request needs (the database, say) is down or saturated. The request may
 * succeed if retried after `retryAfterSeconds`. Adapters raise it; the message is for logs only.
 */
export class DependencyUnavailableError extends AppError {
  readonly code = 'DEPENDENCY_UNAVAILABLE';

  constructor(
    readonly dependency: string,
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super(`${dependency} is unavailable`, options);
  }
}
