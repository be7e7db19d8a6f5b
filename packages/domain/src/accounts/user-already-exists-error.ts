import { ConflictError } from '../errors/conflict-error.js';

export class UserAlreadyExistsError extends ConflictError {
  readonly code = 'USER_ALREADY_EXISTS';

  /** The e-mail is deliberately not part of the message: messages end up in logs. */
  constructor(options?: ErrorOptions) {
    super('A user with this e-mail address already exists', options);
  }
}
