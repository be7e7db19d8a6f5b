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
        : `User ${userId} is at none of the versions ${listed(expectedVersion)}`,
    );
  }
}

/** At most the first five versions, so that a long list cannot make a long message. */
function listed(versions: readonly number[]): string {
  const shown = versions.slice(0, 5).join(', ');
  return versions.length > 5 ? `${shown} and ${versions.length - 5} more` : shown;
}
