import { InvalidCaptureFieldError } from './errors/invalid-capture-field-error.js';

const MAX_LENGTH = 2048;
const SCHEME = /^https?:\/\/[^\s/?#]+/i;
const WHITESPACE_OR_CONTROL = /[\s\p{Cc}]/u;

/**
 * Where an artifact lives: an absolute `http` or `https` URL of at most 2048 characters, trimmed.
 * It identifies the artifact per user, exactly as given (no normalisation beyond trimming).
 */
export class ArtifactUrl {
  private constructor(readonly value: string) {
    Object.freeze(this);
  }

  /** @throws InvalidCaptureFieldError (`INVALID_URL`, path `url`). */
  static of(raw: string): ArtifactUrl {
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value.length === 0 || value.length > MAX_LENGTH) {
      throw new InvalidCaptureFieldError('INVALID_URL', 'url', `must be 1 to ${MAX_LENGTH} characters`);
    }
    if (!SCHEME.test(value) || WHITESPACE_OR_CONTROL.test(value)) {
      throw new InvalidCaptureFieldError('INVALID_URL', 'url', 'must be an absolute http or https URL');
    }
    return new ArtifactUrl(value);
  }

  equals(other: ArtifactUrl): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}
