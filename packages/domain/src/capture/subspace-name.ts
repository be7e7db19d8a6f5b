import { boundedText } from './bounded-text.js';

const MAX_LENGTH = 100;

/** The name of a subspace: trimmed, 1 to 100 characters; unique per user in any letter case. */
export class SubspaceName {
  private constructor(readonly value: string) {
    Object.freeze(this);
  }

  /** @throws InvalidCaptureFieldError (`INVALID_SUBSPACE_NAME`, path `name`). */
  static of(raw: string): SubspaceName {
    return new SubspaceName(boundedText(raw, { code: 'INVALID_SUBSPACE_NAME', path: 'name', max: MAX_LENGTH }));
  }

  /** Whether the two names are the same for uniqueness: equal ignoring letter case. */
  sameAs(other: SubspaceName): boolean {
    return this.value.toLowerCase() === other.value.toLowerCase();
  }
}
