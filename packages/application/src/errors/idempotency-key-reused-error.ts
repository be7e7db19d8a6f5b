import { AppError } from '@proj/domain';

/**
 * An idempotency key came back with a different request than the one that first used it. The
 * client must use a new key for a new request.
 */
export class IdempotencyKeyReusedError extends AppError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';

  constructor(options?: ErrorOptions) {
    super('This idempotency key was already used with a different request', options);
  }
}
