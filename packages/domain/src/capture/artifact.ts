import { Assignment, type AssignmentStatus } from './assignment.js';
import { ArtifactId, OwnerId, SubspaceId } from './capture-id.js';
import { EngagementLevel, type EngagementLevelName } from './engagement-level.js';

/** The persisted shape of an artifact, trusted as it comes from storage (the embedding stays there). */
export interface ArtifactSnapshot {
  readonly id: string;
  readonly userId: string;
  readonly url: string;
  readonly title: string | null;
  readonly engagementLevel: EngagementLevelName;
  readonly maxReadingDepth: number;
  readonly signalCount: number;
  readonly subspaceId: string | null;
  readonly assignmentStatus: AssignmentStatus;
  readonly assignmentSimilarity: number | null;
  readonly assignmentMargin: number | null;
  readonly capturedAt: Date;
  readonly lastSignalAt: Date;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * Something a user read (a page, a paper, a note), identified per user by its URL. Artifacts are
 * created and changed by the database in one atomic operation per capture or signal (it decides
 * the engagement level and keeps it monotonic), so this entity is only ever rehydrated, and read.
 */
export class Artifact {
  private constructor(
    readonly id: ArtifactId,
    readonly userId: OwnerId,
    readonly url: string,
    readonly title: string | null,
    readonly engagementLevel: EngagementLevel,
    readonly maxReadingDepth: number,
    readonly signalCount: number,
    readonly assignment: Assignment,
    readonly capturedAt: Date,
    readonly lastSignalAt: Date,
    readonly createdAt: Date,
    readonly updatedAt: Date,
  ) {
    Object.freeze(this);
  }

  static fromSnapshot(s: ArtifactSnapshot): Artifact {
    const assignment = Assignment.fromSnapshot({
      status: s.assignmentStatus,
      subspaceId: s.subspaceId === null ? null : SubspaceId.of(s.subspaceId),
      similarity: s.assignmentSimilarity,
      margin: s.assignmentMargin,
    });
    return new Artifact(
      ArtifactId.of(s.id, 'id'),
      OwnerId.of(s.userId),
      s.url,
      s.title,
      EngagementLevel.of(s.engagementLevel),
      s.maxReadingDepth,
      s.signalCount,
      assignment,
      s.capturedAt,
      s.lastSignalAt,
      s.createdAt,
      s.updatedAt,
    );
  }

  /** The subspace the artifact belongs to, or `null`. */
  get subspaceId(): SubspaceId | null {
    return this.assignment.subspaceId;
  }

  /** Whether the artifact reached at least `level` (the filter of `min_level`). */
  hasReached(level: EngagementLevel): boolean {
    return this.engagementLevel.isAtLeast(level);
  }

  /**
   * A token that changes whenever the stored artifact changes: every change adds a signal, so the
   * signal count and the last update time identify the state (the basis of ETags).
   */
  get revision(): string {
    return `${this.signalCount}.${this.updatedAt.getTime()}`;
  }

  toSnapshot(): ArtifactSnapshot {
    return {
      id: this.id.value,
      userId: this.userId.value,
      url: this.url,
      title: this.title,
      engagementLevel: this.engagementLevel.name,
      maxReadingDepth: this.maxReadingDepth,
      signalCount: this.signalCount,
      subspaceId: this.assignment.subspaceId?.value ?? null,
      assignmentStatus: this.assignment.status,
      assignmentSimilarity: this.assignment.similarity,
      assignmentMargin: this.assignment.margin,
      capturedAt: this.capturedAt,
      lastSignalAt: this.lastSignalAt,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
    };
  }
}
