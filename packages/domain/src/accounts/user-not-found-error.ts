import { NotFoundError } from '../errors/not-found-error.js';

export class UserNotFoundError extends NotFoundError {
  readonly code = 'USER_NOT_FOUND';

  constructor(readonly userId: string) {
    super(`User ${userId} not found`);
  }
}
