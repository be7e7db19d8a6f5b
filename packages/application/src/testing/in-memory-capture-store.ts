import {
  Artifact,
  Assignment,
  EngagementLevel,
  InvalidCaptureFieldError,
  Signal,
  Subspace,
  SubspaceAlreadyExistsError,
  SubspaceId,
  UnknownCaptureUserError,
  type ArtifactId,
  type ArtifactSnapshot,
  type AssignmentThresholds,
  type EmbeddingVector,
  type OwnerId,
  type SignalSnapshot,
  type SubspaceSnapshot,
} from '@proj/domain';

import type {
  ArtifactListCriteria,
  ArtifactRepository,
  CaptureOutcome,
  IngestStamp,
  PagePosition,
  SignalOutcome,
  SignalStamp,
  SimilarArtifact,
} from '../capture/artifact-repository.js';
import type { AssignmentMarginService } from '../capture/assignment-margin-service.js';
import type { CaptureArtifactCommand } from '../capture/capture-artifact-command.js';
import type { CreateSubspaceCommand } from '../capture/create-subspace-command.js';
import type { RecordSignalCommand } from '../capture/record-signal-command.js';
import type { SubspaceRepository } from '../capture/subspace-repository.js';

/** The lowest reading depth of each level above `glanced`: the defaults the database also has. */
export const DEFAULT_ENGAGEMENT_THRESHOLDS: readonly (readonly [EngagementLevel, number])[] = Object.freeze([
  [EngagementLevel.SKIMMED, 0.1],
  [EngagementLevel.READ, 0.5],
  [EngagementLevel.STUDIED, 1.0],
]);

const compare = (a: { at: Date; id: string }, b: { at: Date; id: string }): number =>
  a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const after = (position: PagePosition | undefined, item: { at: Date; id: string }): boolean =>
  position === undefined || compare(item, position) > 0;

/**
 * The capture store in memory, with the rules the database enforces: the artifact of a
 * `(user, url)` is created once, levels come from thresholds and only rise, the first capture's
 * embedding and assignment stay, users must exist (`addUser`), names are unique per user in any
 * letter case. Its three ports share one state, as the tables do.
 */
export class InMemoryCaptureStore {
  readonly #users = new Set<string>();
  readonly #artifacts = new Map<string, { snapshot: ArtifactSnapshot; embedding: EmbeddingVector }>();
  readonly #signals: SignalSnapshot[] = [];
  readonly #subspaces = new Map<string, { snapshot: Omit<SubspaceSnapshot, 'artifactCount'>; centroid: EmbeddingVector }>();
  /** The level thresholds, lowest depth of each level above glanced; change them to change new signals' levels. */
  thresholds: readonly (readonly [EngagementLevel, number])[] = DEFAULT_ENGAGEMENT_THRESHOLDS;

  constructor(readonly dimension: number) {}

  /** Makes a user id known, as a registered accounts user is to the database. */
  addUser(id: string): void {
    this.#users.add(id);
  }

  readonly artifacts: ArtifactRepository = {
    ingestWithSignal: async (command: CaptureArtifactCommand, stamp: IngestStamp): Promise<CaptureOutcome> => {
      this.#requireUser(command.userId);
      this.#requireDimension(command.embedding, 'embedding');
      const level = this.#levelOf(command.readingDepth.value);
      const occurredAt = command.occurredAt ?? stamp.at;
      const existing = [...this.#artifacts.values()].find(
        (row) => row.snapshot.userId === command.userId.value && row.snapshot.url === command.url.value,
      );
      const created = existing === undefined;
      const row = existing ?? {
        embedding: command.embedding,
        snapshot: {
          id: stamp.artifactId,
          userId: command.userId.value,
          url: command.url.value,
          title: null,
          engagementLevel: level.name,
          maxReadingDepth: command.readingDepth.value,
          signalCount: 0,
          subspaceId: stamp.assignment.subspaceId?.value ?? null,
          assignmentStatus: stamp.assignment.status,
          assignmentSimilarity: stamp.assignment.similarity,
          assignmentMargin: stamp.assignment.margin,
          capturedAt: occurredAt,
          lastSignalAt: occurredAt,
          createdAt: stamp.at,
          updatedAt: stamp.at,
        },
      };
      row.snapshot = { ...row.snapshot, title: row.snapshot.title ?? command.title?.value ?? null };
      this.#artifacts.set(row.snapshot.id, row);
      const outcome = this.#addSignal(row.snapshot.id, command.readingDepth.value, occurredAt, stamp.signalId, stamp.at);
      return { ...outcome, created, levelBefore: created ? null : outcome.levelBefore };
    },

    recordSignal: async (command: RecordSignalCommand, stamp: SignalStamp): Promise<SignalOutcome | undefined> => {
      if (!this.#artifacts.has(command.artifactId.value)) return undefined;
      return this.#addSignal(
        command.artifactId.value,
        command.readingDepth.value,
        command.occurredAt ?? stamp.at,
        stamp.signalId,
        stamp.at,
      );
    },

    findById: async (id: ArtifactId): Promise<Artifact | undefined> => {
      const row = this.#artifacts.get(id.value);
      return row === undefined ? undefined : Artifact.fromSnapshot(row.snapshot);
    },

    listInCreationOrder: async (criteria: ArtifactListCriteria): Promise<Artifact[]> =>
      [...this.#artifacts.values()]
        .map((row) => Artifact.fromSnapshot(row.snapshot))
        .filter((a) => a.userId.equals(criteria.userId))
        .filter((a) => criteria.subspaceId === undefined || (a.subspaceId !== null && a.subspaceId.equals(criteria.subspaceId)))
        .filter((a) => criteria.minLevel === undefined || a.hasReached(criteria.minLevel))
        .filter((a) => after(criteria.after, { at: a.createdAt, id: a.id.value }))
        .sort((a, b) => compare({ at: a.createdAt, id: a.id.value }, { at: b.createdAt, id: b.id.value }))
        .slice(0, criteria.limit),

    listSignals: async (artifactId: ArtifactId, page: { readonly after?: PagePosition; readonly limit: number }): Promise<Signal[]> =>
      this.#signals
        .filter((s) => s.artifactId === artifactId.value && after(page.after, { at: s.occurredAt, id: s.id }))
        .sort((a, b) => compare({ at: a.occurredAt, id: a.id }, { at: b.occurredAt, id: b.id }))
        .slice(0, page.limit)
        .map((s) => Signal.fromSnapshot(s)),

    findSimilar: async (id: ArtifactId, limit: number): Promise<SimilarArtifact[] | undefined> => {
      const self = this.#artifacts.get(id.value);
      if (self === undefined) return undefined;
      return [...this.#artifacts.values()]
        .filter((row) => row.snapshot.userId === self.snapshot.userId && row.snapshot.id !== id.value)
        .map((row) => ({ artifact: Artifact.fromSnapshot(row.snapshot), similarity: self.embedding.cosineSimilarity(row.embedding) }))
        .sort((a, b) => b.similarity - a.similarity || (a.artifact.id.value < b.artifact.id.value ? -1 : 1))
        .slice(0, limit);
    },
  };

  readonly subspaces: SubspaceRepository = {
    create: async (command: CreateSubspaceCommand, stamp: { readonly id: string; readonly at: Date }): Promise<Subspace> => {
      this.#requireUser(command.userId);
      this.#requireDimension(command.centroid, 'centroid');
      const taken = [...this.#subspaces.values()].some(
        (row) => row.snapshot.userId === command.userId.value && row.snapshot.name.toLowerCase() === command.name.value.toLowerCase(),
      );
      if (taken) throw new SubspaceAlreadyExistsError();
      const snapshot = { id: stamp.id, userId: command.userId.value, name: command.name.value, createdAt: stamp.at };
      this.#subspaces.set(stamp.id, { snapshot, centroid: command.centroid });
      return this.#subspace(stamp.id) as Subspace;
    },

    findById: async (id: SubspaceId): Promise<Subspace | undefined> => this.#subspace(id.value),

    listByUser: async (userId: OwnerId): Promise<Subspace[]> =>
      [...this.#subspaces.values()]
        .filter((row) => row.snapshot.userId === userId.value)
        .sort((a, b) => compare({ at: a.snapshot.createdAt, id: a.snapshot.id }, { at: b.snapshot.createdAt, id: b.snapshot.id }))
        .map((row) => this.#subspace(row.snapshot.id) as Subspace),
  };

  readonly assignment: AssignmentMarginService = {
    assign: async (request: {
      readonly userId: OwnerId;
      readonly embedding: EmbeddingVector;
      readonly thresholds: AssignmentThresholds;
    }): Promise<Assignment> => {
      const scores = [...this.#subspaces.values()]
        .filter((row) => row.snapshot.userId === request.userId.value)
        .map((row) => ({ subspaceId: SubspaceId.of(row.snapshot.id), similarity: request.embedding.cosineSimilarity(row.centroid) }));
      return Assignment.decide(scores, request.thresholds);
    },
  };

  /** Every signal stored, for assertions. */
  get signalCount(): number {
    return this.#signals.length;
  }

  #addSignal(artifactId: string, depth: number, occurredAt: Date, signalId: string, at: Date): SignalOutcome {
    const row = this.#artifacts.get(artifactId) as { snapshot: ArtifactSnapshot };
    const level = this.#levelOf(depth);
    const before = row.snapshot;
    const levelAfter = level.max(EngagementLevel.of(before.engagementLevel));
    row.snapshot = {
      ...before,
      engagementLevel: levelAfter.name,
      maxReadingDepth: Math.max(before.maxReadingDepth, depth),
      signalCount: before.signalCount + 1,
      lastSignalAt: before.signalCount === 0 || occurredAt > before.lastSignalAt ? occurredAt : before.lastSignalAt,
      updatedAt: at,
    };
    const signal: SignalSnapshot = { id: signalId, artifactId, readingDepth: depth, occurredAt, levelAfter: levelAfter.name };
    this.#signals.push(signal);
    return {
      artifact: Artifact.fromSnapshot(row.snapshot),
      signal: Signal.fromSnapshot(signal),
      levelBefore: EngagementLevel.of(before.engagementLevel),
    };
  }

  #levelOf(depth: number): EngagementLevel {
    let level = EngagementLevel.GLANCED;
    for (const [candidate, min] of this.thresholds) if (depth >= min && candidate.isAbove(level)) level = candidate;
    return level;
  }

  #subspace(id: string): Subspace | undefined {
    const row = this.#subspaces.get(id);
    if (row === undefined) return undefined;
    const artifactCount = [...this.#artifacts.values()].filter((a) => a.snapshot.subspaceId === id).length;
    return Subspace.fromSnapshot({ ...row.snapshot, artifactCount });
  }

  #requireUser(userId: OwnerId): void {
    if (!this.#users.has(userId.value)) throw new UnknownCaptureUserError();
  }

  #requireDimension(vector: EmbeddingVector, path: string): void {
    if (vector.dimension !== this.dimension)
      throw new InvalidCaptureFieldError('INVALID_EMBEDDING', path, `must have exactly ${this.dimension} numbers`);
  }
}
