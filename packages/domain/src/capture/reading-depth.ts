import { InvalidCaptureFieldError } from './errors/invalid-capture-field-error.js';

/** The smallest and largest reading depths: 1.0 is read to the end, above that is read again. */
export const MIN_READING_DEPTH = 0;
export const MAX_READING_DEPTH = 1.5;

/** How far a user read an artifact in one sitting: a number from 0.0 to 1.5 inclusive. */
export class ReadingDepth {
  private constructor(readonly value: number) {
    Object.freeze(this);
  }

  /** @throws InvalidCaptureFieldError (`INVALID_READING_DEPTH`, path `reading_depth`, message `reading_depth out of range`). */
  static of(raw: number): ReadingDepth {
    if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < MIN_READING_DEPTH || raw > MAX_READING_DEPTH) {
      throw new InvalidCaptureFieldError('INVALID_READING_DEPTH', 'reading_depth', 'reading_depth out of range');
    }
    // -0 and 0 are one depth.
    return new ReadingDepth(raw === 0 ? 0 : raw);
  }

  equals(other: ReadingDepth): boolean {
    return this.value === other.value;
  }
}
