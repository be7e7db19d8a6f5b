import { ArtifactId, SignalId } from './capture-id.js';
import { EngagementLevel, type EngagementLevelName } from './engagement-level.js';
import { ReadingDepth } from './reading-depth.js';

export interface SignalSnapshot {
  readonly id: string;
  readonly artifactId: string;
  readonly readingDepth: number;
  readonly occurredAt: Date;
  /** The artifact's level once this signal was counted (never lower than before it). */
  readonly levelAfter: EngagementLevelName;
}

/** One engagement event: how deep a user read an artifact, once. Recorded by the database, read here. */
export class Signal {
  private constructor(
    readonly id: SignalId,
    readonly artifactId: ArtifactId,
    readonly readingDepth: ReadingDepth,
    readonly occurredAt: Date,
    readonly levelAfter: EngagementLevel,
  ) {
    Object.freeze(this);
  }

  static fromSnapshot(s: SignalSnapshot): Signal {
    return new Signal(
      SignalId.of(s.id, 'id'),
      ArtifactId.of(s.artifactId),
      ReadingDepth.of(s.readingDepth),
      s.occurredAt,
      EngagementLevel.of(s.levelAfter),
    );
  }

  toSnapshot(): SignalSnapshot {
    return {
      id: this.id.value,
      artifactId: this.artifactId.value,
      readingDepth: this.readingDepth.value,
      occurredAt: this.occurredAt,
      levelAfter: this.levelAfter.name,
    };
  }
}
