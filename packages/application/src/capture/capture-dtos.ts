import type { Artifact, ArtifactSnapshot, AssignmentStatus, EngagementLevelName, Signal, Subspace } from '@proj/domain';

/** The snapshot columns an artifact DTO groups into its `assignment`. */
type AssignmentColumns = 'assignmentStatus' | 'assignmentSimilarity' | 'assignmentMargin';

/**
 * An artifact as use cases return it: plain, readonly data (never the embedding), the fields of its
 * snapshot with the assignment columns grouped into one object.
 */
export interface ArtifactDto extends Omit<ArtifactSnapshot, AssignmentColumns> {
  readonly assignment: { readonly status: AssignmentStatus; readonly similarity: number | null; readonly margin: number | null };
  /** Changes whenever the artifact changes (for ETags). */
  readonly revision: string;
}

export interface SignalDto {
  readonly id: string;
  readonly artifactId: string;
  readonly readingDepth: number;
  readonly occurredAt: Date;
  readonly levelAfter: EngagementLevelName;
}

export interface SubspaceDto {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly artifactCount: number;
  readonly createdAt: Date;
}

export function toArtifactDto(artifact: Artifact): ArtifactDto {
  const { assignmentStatus, assignmentSimilarity, assignmentMargin, ...fields } = artifact.toSnapshot();
  return Object.freeze({
    ...fields,
    assignment: Object.freeze({ status: assignmentStatus, similarity: assignmentSimilarity, margin: assignmentMargin }),
    revision: artifact.revision,
  });
}

export function toSignalDto(signal: Signal): SignalDto {
  return Object.freeze(signal.toSnapshot());
}

export function toSubspaceDto(subspace: Subspace): SubspaceDto {
  return Object.freeze(subspace.toSnapshot());
}
