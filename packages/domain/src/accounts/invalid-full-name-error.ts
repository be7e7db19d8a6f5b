import { ValidationError } from '../errors/validation-error.js';

export class InvalidFullNameError extends ValidationError {
  readonly code = 'INVALID_FULL_NAME';

  constructor(reason: string) {
    super(`Invalid full name: ${reason}`, [{ path: 'full_name', message: reason }]);
  }
}
