import { ArtifactId, ReadingDepth } from '@proj/domain';

import { validateAll } from '../validation/validate-all.js';
import { fingerprint } from './fingerprint.js';
import { optionalInstant } from './optional-instant.js';

export interface RecordSignalInput {
  readonly artifactId: string;
  readonly readingDepth: number;
  readonly occurredAt?: Date | undefined;
}

/** "The user read this artifact again, this deeply": validated, immutable, with a stable fingerprint. */
export class RecordSignalCommand {
  readonly fingerprint: string;
  readonly #occurredAt: number | null;

  private constructor(
    readonly artifactId: ArtifactId,
    readonly readingDepth: ReadingDepth,
    occurredAt: number | null,
  ) {
    this.#occurredAt = occurredAt;
    this.fingerprint = fingerprint('record-signal', { artifactId: artifactId.value, readingDepth: readingDepth.value, occurredAt });
    Object.freeze(this);
  }

  /** @throws InputValidationError listing every invalid field. */
  static create(input: RecordSignalInput): RecordSignalCommand {
    const [artifactId, readingDepth, occurredAt] = validateAll(
      () => ArtifactId.of(input.artifactId),
      () => ReadingDepth.of(input.readingDepth),
      () => optionalInstant(input.occurredAt),
    );
    return new RecordSignalCommand(artifactId, readingDepth, occurredAt);
  }

  /** When the reading happened, as the caller said; `null` means "when the service received it". */
  get occurredAt(): Date | null {
    return this.#occurredAt === null ? null : new Date(this.#occurredAt);
  }
}
