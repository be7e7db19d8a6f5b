import { ArtifactTitle, ArtifactUrl, EmbeddingVector, OwnerId, ReadingDepth } from '@proj/domain';

import { validateAll } from '../validation/validate-all.js';
import { fingerprint } from './fingerprint.js';
import { optionalInstant } from './optional-instant.js';
import { ReadingCommand, type ReadingInput } from './reading-command.js';

/** What a caller sends to capture an artifact, before validation. */
export interface CaptureArtifactInput extends ReadingInput {
  readonly userId: string;
  readonly url: string;
  readonly title?: string | undefined;
  readonly embedding: readonly unknown[];
}

/**
 * "This user read this URL this deeply": a validated, immutable value (frozen at run time too).
 * It holds no id and no server time, so that the same request always makes an equal command with
 * the same {@link fingerprint}.
 */
export class CaptureArtifactCommand extends ReadingCommand {
  /** Computed when first read: only a capture with an idempotency key records it. */
  #fingerprint: string | undefined;
  /** The time the caller gave, in epoch milliseconds, as the fingerprint has always hashed it. */
  readonly #occurredAtMillis: number | null;

  private constructor(
    readonly userId: OwnerId,
    readonly url: ArtifactUrl,
    readonly title: ArtifactTitle | null,
    readonly embedding: EmbeddingVector,
    readingDepth: ReadingDepth,
    occurredAt: number | null,
  ) {
    super(readingDepth, occurredAt);
    this.#occurredAtMillis = occurredAt;
    Object.freeze(this);
  }

  /**
   * The command's fingerprint, the same whenever it is computed (decision 0127): hashing an
   * embedding's canonical text costs more than the rest of the command, and a capture without an
   * idempotency key never reads it.
   */
  get fingerprint(): string {
    this.#fingerprint ??= fingerprint('capture-artifact', {
      userId: this.userId.value,
      url: this.url.value,
      title: this.title?.value ?? null,
      embedding: this.embedding.values,
      readingDepth: this.readingDepth.value,
      occurredAt: this.#occurredAtMillis,
    });
    return this.#fingerprint;
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
}
