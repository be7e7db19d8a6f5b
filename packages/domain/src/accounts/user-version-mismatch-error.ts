import { PreconditionFailedError } from '../errors/precondition-failed-error.js';

/** The user is no longer at the version (or any of the versions) the caller expected: someone else changed it first. */
export class UserVersionMismatchError extends PreconditionFailedError {
  readonly code = 'PRECONDITION_FAILED';

  constructor(
    readonly userId: string,
    readonly expectedVersion: number | readonly number[],
  ) {
    super(
      typeof expectedVersion === 'number'
        ? `User ${userId} is no longer at version ${expectedVersion}`
        : `User ${userId} is at none of the versions ${expectedVersion.join(', ')}`,
    );
  }
}
