import { InvalidCaptureFieldError } from './errors/invalid-capture-field-error.js';

const CONTROL = /\p{Cc}/u;

/** What a bounded text value checks: at most `max` characters; a failure carries `code` and names `path`. */
interface BoundedTextRule {
  readonly code: string;
  readonly path: string;
  readonly max: number;
}

/**
 * A value object holding trimmed, NFC-normalised text of 1 to `max` characters (code points) without
 * control characters: the rule shared by artifact titles and subspace names. A subclass gives its
 * rule to the constructor from its own `of`; it must not declare fields, since the instance is frozen here.
 */
export abstract class BoundedText {
  readonly value: string;

  /** @throws InvalidCaptureFieldError with the rule's `code`, naming its `path`. */
  protected constructor(raw: string, rule: BoundedTextRule) {
    const value = typeof raw === 'string' ? raw.trim().normalize('NFC') : '';
    if (value.length === 0 || [...value].length > rule.max) {
      throw new InvalidCaptureFieldError(rule.code, rule.path, `must be 1 to ${rule.max} characters`);
    }
    if (CONTROL.test(value)) throw new InvalidCaptureFieldError(rule.code, rule.path, 'must not contain control characters');
    this.value = value;
    Object.freeze(this);
  }
}
