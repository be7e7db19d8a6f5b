import { AppError } from '@proj/domain';

/** A distributed lock stayed held by someone else for longer than the caller would wait. */
export class LockNotAcquiredError extends AppError {
  readonly code = 'LOCK_NOT_ACQUIRED';

  constructor(
    readonly resource: string,
    readonly waitedMs: number,
  ) {
    super(`Lock ${resource} was not acquired within ${waitedMs} ms`);
  }
}
