import { BoundedText } from './bounded-text.js';

const RULE = { code: 'INVALID_TITLE', path: 'title', max: 500 } as const;

/** The title of an artifact: trimmed, 1 to 500 characters, no control characters. */
export class ArtifactTitle extends BoundedText {
  /** @throws InvalidCaptureFieldError (`INVALID_TITLE`, path `title`). */
  static of(raw: string): ArtifactTitle {
    return new ArtifactTitle(raw, RULE);
  }
}
