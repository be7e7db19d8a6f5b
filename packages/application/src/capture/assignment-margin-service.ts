import type { Assignment, AssignmentThresholds, EmbeddingVector, OwnerId } from '@proj/domain';

/**
 * Decides which of a user's subspaces an embedding belongs to: the cosine similarity to each
 * subspace's centroid, and the margin rule of `Assignment.decide` (best minus second best, or the
 * best alone with one subspace; `assigned` only when both thresholds are met). The adapter may
 * compute it where the centroids are (the database) or ask an external scoring service.
 */
export interface AssignmentMarginService {
  assign(request: {
    readonly userId: OwnerId;
    readonly embedding: EmbeddingVector;
    readonly thresholds: AssignmentThresholds;
  }): Promise<Assignment>;
}
