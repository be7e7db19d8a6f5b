import { InvalidFullNameError } from './invalid-full-name-error.js';

const MAX_LENGTH = 200;
// Control characters (NUL included) have no place in a name, and PostgreSQL rejects NUL in text.
const CONTROL = /\p{Cc}/u;
/**
 * Format characters (bidi controls, soft hyphen, zero-width space…) other than the zero-width
 * joiner and non-joiner, which Persian, Indic scripts and emoji sequences need; line and paragraph
 * separators; noncharacters (decision 0113).
 */
const REFUSED = /[\p{Zl}\p{Zp}\p{Noncharacter_Code_Point}]|(?![\u200c\u200d])\p{Cf}/u;
/** What does not show: a name made only of these (and spaces) is blank. */
const INVISIBLE = /[\s\p{Default_Ignorable_Code_Point}]/gu;

/** A person's display name: trimmed, in Unicode normalisation form C, 1 to 200 characters (code points). */
export class FullName {
  private constructor(readonly value: string) {}

  /** @throws InvalidFullNameError when `raw` is blank, too long, or has control, format or separator characters. */
  static of(raw: string): FullName {
    const value = raw.trim().normalize('NFC');
    if (value.replace(INVISIBLE, '').length === 0) throw new InvalidFullNameError('must not be blank');
    if ([...value].length > MAX_LENGTH) throw new InvalidFullNameError(`must be at most ${MAX_LENGTH} characters`);
    if (CONTROL.test(value)) throw new InvalidFullNameError('must not contain control characters');
    if (REFUSED.test(value)) {
      throw new InvalidFullNameError('must not contain invisible formatting, line or paragraph separators, or noncharacters');
    }
    return new FullName(value);
  }

  /** A name that was valid when it was stored, without the checks added since (see {@link Email.restore}). */
  static restore(stored: string): FullName {
    return new FullName(stored);
  }

  equals(other: FullName): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}
