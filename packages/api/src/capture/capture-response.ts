import type { ArtifactDto, Page, SignalDto, SubspaceDto } from '@proj/application';

import type {
  ArtifactPageResponse,
  ArtifactResponse,
  SignalPageResponse,
  SignalResponse,
  SimilarArtifactsResponse,
  SubspaceListResponse,
  SubspaceResponse,
} from './capture-schemas.js';

/** The wire shape of an artifact: snake_case, ISO 8601 UTC timestamps, whitelisted fields (never the embedding). */
export function toArtifactResponse(artifact: ArtifactDto): ArtifactResponse {
  return {
    id: artifact.id,
    user_id: artifact.userId,
    url: artifact.url,
    title: artifact.title,
    engagement_level: artifact.engagementLevel,
    max_reading_depth: artifact.maxReadingDepth,
    signal_count: artifact.signalCount,
    subspace_id: artifact.subspaceId,
    assignment: { status: artifact.assignment.status, similarity: artifact.assignment.similarity, margin: artifact.assignment.margin },
    captured_at: artifact.capturedAt.toISOString(),
    last_signal_at: artifact.lastSignalAt.toISOString(),
    created_at: artifact.createdAt.toISOString(),
    updated_at: artifact.updatedAt.toISOString(),
  };
}

export function toSignalResponse(signal: SignalDto): SignalResponse {
  return {
    id: signal.id,
    artifact_id: signal.artifactId,
    reading_depth: signal.readingDepth,
    occurred_at: signal.occurredAt.toISOString(),
    level_after: signal.levelAfter,
  };
}

export function toSubspaceResponse(subspace: SubspaceDto): SubspaceResponse {
  return {
    id: subspace.id,
    user_id: subspace.userId,
    name: subspace.name,
    artifact_count: subspace.artifactCount,
    created_at: subspace.createdAt.toISOString(),
  };
}

export function toArtifactPageResponse(page: Page<ArtifactDto>): ArtifactPageResponse {
  return { items: page.items.map(toArtifactResponse), next_cursor: page.nextCursor };
}

export function toSignalPageResponse(page: Page<SignalDto>): SignalPageResponse {
  return { items: page.items.map(toSignalResponse), next_cursor: page.nextCursor };
}

export function toSimilarArtifactsResponse(similar: {
  readonly items: readonly { readonly artifact: ArtifactDto; readonly similarity: number }[];
}): SimilarArtifactsResponse {
  return { items: similar.items.map(({ artifact, similarity }) => ({ artifact: toArtifactResponse(artifact), similarity })) };
}

export function toSubspaceListResponse(list: { readonly items: readonly SubspaceDto[] }): SubspaceListResponse {
  return { items: list.items.map(toSubspaceResponse) };
}
