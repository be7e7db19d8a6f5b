import { boundedText } from './bounded-text.js';

const MAX_LENGTH = 500;

/** The title of an artifact: trimmed, 1 to 500 characters, no control characters. */
export class ArtifactTitle {
  private constructor(readonly value: string) {
    Object.freeze(this);
  }

  /** @throws InvalidCaptureFieldError (`INVALID_TITLE`, path `title`). */
  static of(raw: string): ArtifactTitle {
    return new ArtifactTitle(boundedText(raw, { code: 'INVALID_TITLE', path: 'title', max: MAX_LENGTH }));
  }
}
