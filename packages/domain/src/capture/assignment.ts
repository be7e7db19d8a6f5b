import type { SubspaceId } from './capture-id.js';

/** `assigned`: clearly closest to one subspace; `ambiguous`: not clearly; `no_subspaces`: nothing to compare with. */
export type AssignmentStatus = 'assigned' | 'ambiguous' | 'no_subspaces';

/** The thresholds an assignment must pass (runtime settings). */
export interface AssignmentThresholds {
  /** Best similarity minus the second best must be at least this. */
  readonly minMargin: number;
  /** The best similarity must be at least this. */
  readonly minSimilarity: number;
}

/** How similar an embedding is to one subspace's centroid. */
export interface SubspaceScore {
  readonly subspaceId: SubspaceId;
  /** Cosine similarity, -1 to 1. */
  readonly similarity: number;
}

/**
 * Which subspace an artifact was put in, and how clear that was. `similarity` is the best
 * similarity, `margin` the best minus the second best (the best alone when there is one subspace);
 * both are `null` when there were no subspaces.
 */
export class Assignment {
  private constructor(
    readonly status: AssignmentStatus,
    readonly subspaceId: SubspaceId | null,
    readonly similarity: number | null,
    readonly margin: number | null,
  ) {
    Object.freeze(this);
  }

  static readonly NO_SUBSPACES = new Assignment('no_subspaces', null, null, null);

  /**
   * The margin rule: the best-scoring subspace is chosen when its similarity is at least
   * `minSimilarity` and beats the second best by at least `minMargin`; otherwise the result is
   * `ambiguous` (two equal best scores always are, unless `minMargin` is 0 or less). Ties between
   * equal best scores are broken by subspace id, so the outcome does not depend on input order.
   */
  static decide(scores: readonly SubspaceScore[], thresholds: AssignmentThresholds): Assignment {
    const ranked = [...scores].sort(
      (a, b) =>
        b.similarity - a.similarity || (a.subspaceId.value < b.subspaceId.value ? -1 : a.subspaceId.value > b.subspaceId.value ? 1 : 0),
    );
    const [best, second] = ranked;
    if (best === undefined) return Assignment.NO_SUBSPACES;
    const margin = second === undefined ? best.similarity : best.similarity - second.similarity;
    const clear = margin >= thresholds.minMargin && best.similarity >= thresholds.minSimilarity;
    return new Assignment(clear ? 'assigned' : 'ambiguous', clear ? best.subspaceId : null, best.similarity, margin);
  }

  /** Rehydrates a stored assignment. */
  static fromSnapshot(snapshot: {
    readonly status: AssignmentStatus;
    readonly subspaceId: SubspaceId | null;
    readonly similarity: number | null;
    readonly margin: number | null;
  }): Assignment {
    return new Assignment(snapshot.status, snapshot.subspaceId, snapshot.similarity, snapshot.margin);
  }
}
