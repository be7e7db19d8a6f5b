import { ArtifactId, ReadingDepth } from '@proj/domain';

import { validateAll } from '../validation/validate-all.js';
import { fingerprint } from './fingerprint.js';
import { optionalInstant } from './optional-instant.js';
import { ReadingCommand, type ReadingInput } from './reading-command.js';

export interface RecordSignalInput extends ReadingInput {
  readonly artifactId: string;
}

/** "The user read this artifact again, this deeply": validated, immutable, with a stable fingerprint. */
export class RecordSignalCommand extends ReadingCommand {
  readonly fingerprint: string;

  private constructor(
    readonly artifactId: ArtifactId,
    readingDepth: ReadingDepth,
    occurredAt: number | null,
  ) {
    super(readingDepth, occurredAt);
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
}
