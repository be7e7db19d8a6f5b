import { ConflictError } from '@proj/domain';

/** A request with the same idempotency key is still running; retry once it has finished. */
export class IdempotencyInProgressError extends ConflictError {
  readonly code = 'IDEMPOTENCY_IN_PROGRESS';

  constructor(readonly retryAfterSeconds: number) {
    super('A request with this idempotency key is still in progress');
  }
}
