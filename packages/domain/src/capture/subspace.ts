import { OwnerId, SubspaceId } from './capture-id.js';
import { SubspaceName } from './subspace-name.js';

export interface SubspaceSnapshot {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  /** How many artifacts are assigned to it now. */
  readonly artifactCount: number;
  readonly createdAt: Date;
}

/** A named region of a user's interests, with a centroid embedding that artifacts are compared with. */
export class Subspace {
  private constructor(
    readonly id: SubspaceId,
    readonly userId: OwnerId,
    readonly name: SubspaceName,
    readonly artifactCount: number,
    readonly createdAt: Date,
  ) {
    Object.freeze(this);
  }

  static fromSnapshot(s: SubspaceSnapshot): Subspace {
    return new Subspace(SubspaceId.of(s.id, 'id'), OwnerId.of(s.userId), SubspaceName.of(s.name), s.artifactCount, s.createdAt);
  }

  toSnapshot(): SubspaceSnapshot {
    return {
      id: this.id.value,
      userId: this.userId.value,
      name: this.name.value,
      artifactCount: this.artifactCount,
      createdAt: this.createdAt,
    };
  }
}
