import { ConflictError } from '../../errors/conflict-error.js';

export class SubspaceAlreadyExistsError extends ConflictError {
  readonly code = 'SUBSPACE_ALREADY_EXISTS';

  /** The name is not part of the message: it is the user's content. */
  constructor(options?: ErrorOptions) {
    super('This user already has a subspace with this name', options);
  }
}
