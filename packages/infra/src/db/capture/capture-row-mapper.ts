import { Artifact, Signal, Subspace, type AssignmentStatus, type EngagementLevelName } from '@proj/domain';

/** The artifact columns that reads return: everything but the embedding, which stays in the database. */
export const ARTIFACT_COLUMNS = [
  'id',
  'user_id',
  'url',
  'title',
  'engagement_level',
  'max_reading_depth',
  'signal_count',
  'subspace_id',
  'assignment_status',
  'assignment_similarity',
  'assignment_margin',
  'captured_at',
  'last_signal_at',
  'created_at',
  'updated_at',
] as const;

export const SIGNAL_COLUMNS = ['id', 'artifact_id', 'reading_depth', 'occurred_at', 'level_after'] as const;

export interface ArtifactRow {
  readonly id: string;
  readonly user_id: string;
  readonly url: string;
  readonly title: string | null;
  readonly engagement_level: EngagementLevelName;
  readonly max_reading_depth: number;
  readonly signal_count: number;
  readonly subspace_id: string | null;
  readonly assignment_status: string;
  readonly assignment_similarity: number | null;
  readonly assignment_margin: number | null;
  readonly captured_at: Date;
  readonly last_signal_at: Date;
  readonly created_at: Date;
  readonly updated_at: Date;
}

export interface SignalRow {
  readonly id: string;
  readonly artifact_id: string;
  readonly reading_depth: number;
  readonly occurred_at: Date;
  readonly level_after: EngagementLevelName;
}

export interface SubspaceRow {
  readonly id: string;
  readonly user_id: string;
  readonly name: string;
  readonly artifact_count: number | string | bigint;
  readonly created_at: Date;
}

export function toArtifact(row: ArtifactRow): Artifact {
  return Artifact.fromSnapshot({
    id: row.id,
    userId: row.user_id,
    url: row.url,
    title: row.title,
    engagementLevel: row.engagement_level,
    maxReadingDepth: row.max_reading_depth,
    signalCount: row.signal_count,
    subspaceId: row.subspace_id,
    // The table's check constraint allows these three values only.
    assignmentStatus: row.assignment_status as AssignmentStatus,
    assignmentSimilarity: row.assignment_similarity,
    assignmentMargin: row.assignment_margin,
    capturedAt: row.captured_at,
    lastSignalAt: row.last_signal_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

export function toSignal(row: SignalRow): Signal {
  return Signal.fromSnapshot({
    id: row.id,
    artifactId: row.artifact_id,
    readingDepth: row.reading_depth,
    occurredAt: row.occurred_at,
    levelAfter: row.level_after,
  });
}

export function toSubspace(row: SubspaceRow): Subspace {
  return Subspace.fromSnapshot({
    id: row.id,
    userId: row.user_id,
    name: row.name,
    artifactCount: Number(row.artifact_count),
    createdAt: row.created_at,
  });
}
