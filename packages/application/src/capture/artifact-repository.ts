import type { Artifact, ArtifactId, Assignment, EngagementLevel, OwnerId, Signal, SubspaceId } from '@proj/domain';

import type { CaptureArtifactCommand } from './capture-artifact-command.js';
import type { RecordSignalCommand } from './record-signal-command.js';

/** What the caller of a write supplies besides the command: new ids (used only if needed) and the time. */
export interface IngestStamp {
  /** The id the artifact gets if this capture creates it. */
  readonly artifactId: string;
  readonly signalId: string;
  /** When the service received the command: the signal's time when the command has none. */
  readonly at: Date;
  /** Kept only when this capture creates the artifact: the first capture's assignment stays. */
  readonly assignment: Assignment;
}

export interface SignalStamp {
  readonly signalId: string;
  readonly at: Date;
}

/** The result of one atomic capture. */
export interface CaptureOutcome {
  /** The artifact after the capture. */
  readonly artifact: Artifact;
  /** The signal the capture added. */
  readonly signal: Signal;
  /** Whether this capture created the artifact (false: the `(user, url)` was known). */
  readonly created: boolean;
  /** The artifact's level before this write; `null` when the write created it. */
  readonly levelBefore: EngagementLevel | null;
}

export interface SignalOutcome {
  readonly artifact: Artifact;
  readonly signal: Signal;
  /** The artifact's level before this write (the artifact's level after it is `artifact.engagementLevel`). */
  readonly levelBefore: EngagementLevel | null;
}

/** A place in the creation order of artifacts (or signals): the last item of a page. */
export interface PagePosition {
  readonly at: Date;
  readonly id: string;
}

export interface ArtifactListCriteria {
  readonly userId: OwnerId;
  readonly subspaceId?: SubspaceId;
  /** Only artifacts at this level or above. */
  readonly minLevel?: EngagementLevel;
  readonly after?: PagePosition;
  /** A positive integer. */
  readonly limit: number;
}

export interface SimilarArtifact {
  readonly artifact: Artifact;
  /** Cosine similarity of the two embeddings, -1 to 1. */
  readonly similarity: number;
}

/**
 * Storage of captured artifacts and their signals, where the store is the arbiter: each write is
 * one atomic, command-shaped operation that decides the engagement level from thresholds it holds
 * and only ever raises an artifact's level. There is no generic `save`.
 */
export interface ArtifactRepository {
  /**
   * Creates the artifact of `(user, url)` or finds it, adds the command's signal, computes the
   * signal's level and raises the artifact's level to it if higher, all at once: a failure leaves
   * nothing behind. A new artifact takes the command's embedding and title and the stamp's
   * assignment; a known one keeps its embedding and assignment, and takes the title only if it had none.
   * @throws UnknownCaptureUserError when no user has the command's user id.
   * @throws InvalidCaptureFieldError (path `embedding`) when the store's embedding space has another dimension.
   */
  ingestWithSignal(command: CaptureArtifactCommand, stamp: IngestStamp): Promise<CaptureOutcome>;

  /**
   * Adds a signal to an existing artifact and raises its level if the signal's is higher, atomically.
   * @returns `undefined` (and writes nothing) when the artifact does not exist.
   */
  recordSignal(command: RecordSignalCommand, stamp: SignalStamp): Promise<SignalOutcome | undefined>;

  /** @returns the artifact, or `undefined`. */
  findById(id: ArtifactId): Promise<Artifact | undefined>;

  /**
   * One user's artifacts in creation order (`createdAt`, then id), strictly after `after`, at most
   * `limit`; an unknown user or subspace simply matches nothing.
   */
  listInCreationOrder(criteria: ArtifactListCriteria): Promise<Artifact[]>;

  /** An artifact's signals, oldest first (`occurredAt`, then id), strictly after `after`, at most `limit`. */
  listSignals(artifactId: ArtifactId, page: { readonly after?: PagePosition; readonly limit: number }): Promise<Signal[]>;

  /**
   * The same user's other artifacts by cosine similarity of their embeddings to this one's, best
   * first (ties by id), at most `limit`.
   * @returns `undefined` when the artifact does not exist.
   */
  findSimilar(id: ArtifactId, limit: number): Promise<SimilarArtifact[] | undefined>;
}
