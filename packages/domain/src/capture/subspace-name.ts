import { BoundedText } from './bounded-text.js';

const RULE = { code: 'INVALID_SUBSPACE_NAME', path: 'name', max: 100 } as const;

/** The name of a subspace: trimmed, 1 to 100 characters; unique per user in any letter case. */
export class SubspaceName extends BoundedText {
  /** @throws InvalidCaptureFieldError (`INVALID_SUBSPACE_NAME`, path `name`). */
  static of(raw: string): SubspaceName {
    return new SubspaceName(raw, RULE);
  }

  /** Whether the two names are the same for uniqueness: equal ignoring letter case. */
  sameAs(other: SubspaceName): boolean {
    return this.value.toLowerCase() === other.value.toLowerCase();
  }
}
