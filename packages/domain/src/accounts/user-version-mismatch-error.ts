import { PreconditionFailedError } from '../errors/precondition-failed-error.js';

/** The user is no longer at the version the caller expected: someone else changed it first. */
export class UserVersionMismatchError extends PreconditionFailedError {
  readonly code = 'PRECONDITION_FAILED';

  constructor(
    readonly userId: string,
    readonly expectedVersion: number,
  ) {
    super(`User ${userId} is no longer at version ${expectedVersion}`);
  }
}
