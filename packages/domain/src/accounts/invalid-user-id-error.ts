import { ValidationError } from '../errors/validation-error.js';

export class InvalidUserIdError extends ValidationError {
  readonly code = 'INVALID_USER_ID';

  constructor() {
    super('A user id is a UUID', [{ path: 'user_id', message: 'must be a UUID' }]);
  }
}
