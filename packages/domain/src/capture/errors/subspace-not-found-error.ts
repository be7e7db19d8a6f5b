import { NotFoundError } from '../../errors/not-found-error.js';

export class SubspaceNotFoundError extends NotFoundError {
  readonly code = 'SUBSPACE_NOT_FOUND';

  constructor(readonly subspaceId: string) {
    super(`Subspace ${subspaceId} not found`);
  }
}
