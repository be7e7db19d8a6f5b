import type { OwnerId, Subspace, SubspaceId } from '@proj/domain';

import type { CreateSubspaceCommand } from './create-subspace-command.js';

/** Storage of subspaces. */
export interface SubspaceRepository {
  /**
   * Creates the subspace.
   * @throws SubspaceAlreadyExistsError when the user has one with the same name in any letter case
   *   (the store is the arbiter under concurrency).
   * @throws UnknownCaptureUserError when no user has the command's user id.
   * @throws InvalidCaptureFieldError (path `centroid`) when the store's embedding space has another dimension.
   */
  create(command: CreateSubspaceCommand, stamp: { readonly id: string; readonly at: Date }): Promise<Subspace>;

  /** @returns the subspace, or `undefined`. */
  findById(id: SubspaceId): Promise<Subspace | undefined>;

  /** A user's subspaces in creation order (`createdAt`, then id); empty for an unknown user. */
  listByUser(userId: OwnerId): Promise<Subspace[]>;
}
