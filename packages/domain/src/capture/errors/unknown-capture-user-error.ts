import { ValidationError } from '../../errors/validation-error.js';

/**
 * The `user_id` of a capture input names no user. Capture refers to users by id only, so an
 * unknown one is invalid input (the store, holding the foreign key, is the arbiter), not a 404.
 */
export class UnknownCaptureUserError extends ValidationError {
  readonly code = 'UNKNOWN_USER';

  constructor(options?: ErrorOptions) {
    super('No user has this id', [{ path: 'user_id', message: 'must be the id of an existing user' }], options);
  }
}
