import { InvalidCaptureFieldError } from './errors/invalid-capture-field-error.js';

/** The names of the levels, lowest first. */
export const ENGAGEMENT_LEVEL_NAMES = Object.freeze(['glanced', 'skimmed', 'read', 'studied'] as const);

export type EngagementLevelName = (typeof ENGAGEMENT_LEVEL_NAMES)[number];

/**
 * How deeply a user engaged with an artifact, ordered `glanced < skimmed < read < studied`.
 * Which level a reading depth reaches is decided by the database from thresholds it stores; this
 * type only names and orders the levels. There is one instance per level, so `===` also works.
 */
export class EngagementLevel {
  static readonly GLANCED = new EngagementLevel('glanced', 0);
  static readonly SKIMMED = new EngagementLevel('skimmed', 1);
  static readonly READ = new EngagementLevel('read', 2);
  static readonly STUDIED = new EngagementLevel('studied', 3);
  /** Every level, lowest first. */
  static readonly ALL: readonly EngagementLevel[] = Object.freeze([
    EngagementLevel.GLANCED,
    EngagementLevel.SKIMMED,
    EngagementLevel.READ,
    EngagementLevel.STUDIED,
  ]);

  private constructor(
    readonly name: EngagementLevelName,
    /** 0 for the lowest level, one more for each level above. */
    readonly rank: number,
  ) {
    Object.freeze(this);
  }

  /** @throws InvalidCaptureFieldError (`INVALID_ENGAGEMENT_LEVEL`) naming `path` for an unknown name. */
  static of(raw: string, path = 'engagement_level'): EngagementLevel {
    const level = EngagementLevel.ALL.find((candidate) => candidate.name === raw);
    if (level === undefined) {
      throw new InvalidCaptureFieldError('INVALID_ENGAGEMENT_LEVEL', path, `must be one of ${ENGAGEMENT_LEVEL_NAMES.join(', ')}`);
    }
    return level;
  }

  /** Negative when this level is below `other`, 0 when equal, positive when above: usable with `sort`. */
  compareTo(other: EngagementLevel): number {
    return this.rank - other.rank;
  }

  isAbove(other: EngagementLevel): boolean {
    return this.rank > other.rank;
  }

  isAtLeast(other: EngagementLevel): boolean {
    return this.rank >= other.rank;
  }

  /** The higher of the two: the rule by which an artifact's level only rises. */
  max(other: EngagementLevel): EngagementLevel {
    return other.isAbove(this) ? other : this;
  }

  equals(other: EngagementLevel): boolean {
    return this.rank === other.rank;
  }

  toString(): string {
    return this.name;
  }
}
