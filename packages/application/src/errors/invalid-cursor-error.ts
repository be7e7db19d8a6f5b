import { ValidationError } from '@proj/domain';

/** A pagination cursor that this service did not issue, was altered, or is from an older format. */
export class InvalidCursorError extends ValidationError {
  readonly code = 'INVALID_CURSOR';

  constructor() {
    super('Invalid pagination cursor', [{ path: 'cursor', message: 'must be a next_cursor returned by this API, unchanged' }]);
  }
}
