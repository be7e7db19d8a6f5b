import { ValidationError } from '../errors/validation-error.js';

export class InvalidEmailError extends ValidationError {
  readonly code = 'INVALID_EMAIL';

  constructor(reason: string) {
    super(`Invalid e-mail address: ${reason}`, [{ path: 'email', message: reason }]);
  }
}
