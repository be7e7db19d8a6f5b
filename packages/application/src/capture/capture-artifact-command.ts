import { ArtifactTitle, ArtifactUrl, EmbeddingVector, OwnerId, ReadingDepth } from '@proj/domain';

import { validateAll } from '../validation/validate-all.js';
import { fingerprint } from './fingerprint.js';
import { optionalInstant } from './optional-instant.js';

/** What a caller sends to capture an artifact, before validation. */
export interface CaptureArtifactInput {
  readonly userId: string;
  readonly url: string;
  readonly title?: string | undefined;
  readonly embedding: readonly unknown[];
  readonly readingDepth: number;
  readonly occurredAt?: Date | undefined;
}

/**
 * "This user read this URL this deeply": a validated, immutable value (frozen at run time too).
 * It holds no id and no server time, so that the same request always makes an equal command with
 * the same {@link fingerprint}.
 */
export class CaptureArtifactCommand {
  readonly fingerprint: string;
  readonly #occurredAt: number | null;

  private constructor(
    readonly userId: OwnerId,
    readonly url: ArtifactUrl,
    readonly title: ArtifactTitle | null,
    readonly embedding: EmbeddingVector,
    readonly readingDepth: ReadingDepth,
    occurredAt: number | null,
  ) {
    this.#occurredAt = occurredAt;
    this.fingerprint = fingerprint('capture-artifact', {
      userId: userId.value,
      url: url.value,
      title: title?.value ?? null,
      embedding: embedding.values,
      readingDepth: readingDepth.value,
      occurredAt,
    });
    Object.freeze(this);
  }

  /**
   * @param dimension the dimension of the embedding space.
   * @throws InputValidationError listing every invalid field.
   */
  static create(input: CaptureArtifactInput, dimension: number): CaptureArtifactCommand {
    const [userId, url, title, embedding, readingDepth, occurredAt] = validateAll(
      () => OwnerId.of(input.userId),
      () => ArtifactUrl.of(input.url),
      () => (input.title === undefined ? null : ArtifactTitle.of(input.title)),
      () => EmbeddingVector.of(input.embedding, dimension, 'embedding'),
      () => ReadingDepth.of(input.readingDepth),
      () => optionalInstant(input.occurredAt),
    );
    return new CaptureArtifactCommand(userId, url, title, embedding, readingDepth, occurredAt);
  }

  /** When the reading happened, as the caller said; `null` means "when the service received it". */
  get occurredAt(): Date | null {
    return this.#occurredAt === null ? null : new Date(this.#occurredAt);
  }
}
