import type { Artifact, AssignmentStatus, EngagementLevelName, Signal, Subspace } from '@proj/domain';

/** An artifact as use cases return it: plain, readonly data (never the embedding). */
export interface ArtifactDto {
  readonly id: string;
  readonly userId: string;
  readonly url: string;
  readonly title: string | null;
  readonly engagementLevel: EngagementLevelName;
  readonly maxReadingDepth: number;
  readonly signalCount: number;
  readonly subspaceId: string | null;
  readonly assignment: { readonly status: AssignmentStatus; readonly similarity: number | null; readonly margin: number | null };
  readonly capturedAt: Date;
  readonly lastSignalAt: Date;
  readonly createdAt: Date;
  readonly updatedAt: Date;
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
  const s = artifact.toSnapshot();
  return Object.freeze({
    id: s.id,
    userId: s.userId,
    url: s.url,
    title: s.title,
    engagementLevel: s.engagementLevel,
    maxReadingDepth: s.maxReadingDepth,
    signalCount: s.signalCount,
    subspaceId: s.subspaceId,
    assignment: Object.freeze({ status: s.assignmentStatus, similarity: s.assignmentSimilarity, margin: s.assignmentMargin }),
    capturedAt: s.capturedAt,
    lastSignalAt: s.lastSignalAt,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    revision: artifact.revision,
  });
}

export function toSignalDto(signal: Signal): SignalDto {
  return Object.freeze(signal.toSnapshot());
}

export function toSubspaceDto(subspace: Subspace): SubspaceDto {
  return Object.freeze(subspace.toSnapshot());
}
