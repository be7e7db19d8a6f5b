import { AppError } from '@proj/domain';

/**
 * A bearer token was missing, malformed, badly signed, expired, not yet valid, or meant for
 * another issuer or audience. `reason` is a short machine word for logs (`expired`,
 * `bad_signature`, ...); clients are told none of it.
 */
export class InvalidTokenError extends AppError {
  readonly code = 'INVALID_TOKEN';

  constructor(
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`invalid token: ${reason}`, options);
  }
}
