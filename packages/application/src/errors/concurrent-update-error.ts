import { ConflictError } from '@proj/domain';

/**
 * A change that set no precondition still lost every race against other writers of the same
 * resource, however often it was retried. Nothing was written; retrying later normally succeeds.
 */
export class ConcurrentUpdateError extends ConflictError {
  readonly code = 'CONCURRENT_UPDATE';

  constructor(
    readonly resource: string,
    readonly id: string,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(`${resource} ${id} kept changing during ${attempts} update attempts`, options);
  }
}
