import { sql, type Kysely } from 'kysely';

import type { AssignmentMarginService } from '@proj/application';
import { Assignment, SubspaceId, type AssignmentStatus, type AssignmentThresholds, type EmbeddingVector, type OwnerId } from '@proj/domain';

import type { Database } from '../schema/database.js';
import { embeddingParameter } from './embedding-parameter.js';
import { mapCaptureError } from './map-capture-error.js';

/**
 * AssignmentMarginService computed where the centroids are: `capture_assign` scores the user's
 * subspaces by cosine similarity and applies the margin rule in one query. An external scoring
 * service could implement the same port instead.
 */
export class KyselyAssignmentMarginService implements AssignmentMarginService {
  constructor(private readonly db: Kysely<Database>) {}

  async assign(request: {
    readonly userId: OwnerId;
    readonly embedding: EmbeddingVector;
    readonly thresholds: AssignmentThresholds;
  }): Promise<Assignment> {
    const { userId, embedding, thresholds } = request;
    const { rows } = await sql<{ subspace_id: string | null; status: string; similarity: number | null; margin: number | null }>`
      select subspace_id, status, similarity, margin
        from capture_assign(${userId.value}, ${embeddingParameter(embedding.values)}, ${thresholds.minMargin}, ${thresholds.minSimilarity})`
      .execute(this.db)
      .catch((error: unknown) => {
        throw mapCaptureError(error, 'embedding');
      });
    const [row] = rows;
    if (row === undefined || row.status === 'no_subspaces') return Assignment.NO_SUBSPACES;
    return Assignment.fromSnapshot({
      // The function answers one of the three statuses only.
      status: row.status as AssignmentStatus,
      subspaceId: row.subspace_id === null ? null : SubspaceId.of(row.subspace_id),
      similarity: row.similarity,
      margin: row.margin,
    });
  }
}
