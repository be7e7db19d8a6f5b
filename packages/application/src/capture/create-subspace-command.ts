import { EmbeddingVector, OwnerId, SubspaceName } from '@proj/domain';

import { validateAll } from '../validation/validate-all.js';
import { fingerprint } from './fingerprint.js';

export interface CreateSubspaceInput {
  readonly userId: string;
  readonly name: string;
  readonly centroid: readonly unknown[];
}

/** "Give this user a subspace with this name around this centroid": validated, immutable, fingerprinted. */
export class CreateSubspaceCommand {
  readonly fingerprint: string;

  private constructor(
    readonly userId: OwnerId,
    readonly name: SubspaceName,
    readonly centroid: EmbeddingVector,
  ) {
    this.fingerprint = fingerprint('create-subspace', { userId: userId.value, name: name.value, centroid: centroid.values });
    Object.freeze(this);
  }

  /** @throws InputValidationError listing every invalid field. */
  static create(input: CreateSubspaceInput, dimension: number): CreateSubspaceCommand {
    const [userId, name, centroid] = validateAll(
      () => OwnerId.of(input.userId),
      () => SubspaceName.of(input.name),
      () => EmbeddingVector.of(input.centroid, dimension, 'centroid'),
    );
    return new CreateSubspaceCommand(userId, name, centroid);
  }
}
