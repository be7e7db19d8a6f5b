import { InvalidFullNameError } from './invalid-full-name-error.js';

const MAX_LENGTH = 200;
// Control characters (NUL included) have no place in a name, and PostgreSQL rejects NUL in text.
const CONTROL = /\p{Cc}/u;

/** A person's display name: trimmed, 1 to 200 characters (Unicode code points). */
export class FullName {
  private constructor(readonly value: string) {}

  /** @throws InvalidFullNameError when `raw` is blank, too long or has control characters. */
  static of(raw: string): FullName {
    const value = raw.trim().normalize('NFC');
    if (value.length === 0) throw new InvalidFullNameError('must not be blank');
    if ([...value].length > MAX_LENGTH) throw new InvalidFullNameError(`must be at most ${MAX_LENGTH} characters`);
    if (CONTROL.test(value)) throw new InvalidFullNameError('must not contain control characters');
    return new FullName(value);
  }

  equals(other: FullName): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}
