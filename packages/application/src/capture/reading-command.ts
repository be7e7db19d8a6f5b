import type { ReadingDepth } from '@proj/domain';

/** A reading as a caller sends it: how deeply the user read, and optionally when. */
export interface ReadingInput {
  readonly readingDepth: number;
  readonly occurredAt?: Date | undefined;
}

/**
 * What a capture and a signal command both hold: the reading depth and the time the caller gave.
 * The time is kept as epoch milliseconds so that the command stays immutable; a subclass freezes
 * the instance once its own fields are set.
 */
export abstract class ReadingCommand {
  readonly #occurredAt: number | null;

  protected constructor(
    readonly readingDepth: ReadingDepth,
    occurredAt: number | null,
  ) {
    this.#occurredAt = occurredAt;
  }

  /** When the reading happened, as the caller said; `null` means "when the service received it". */
  get occurredAt(): Date | null {
    return this.#occurredAt === null ? null : new Date(this.#occurredAt);
  }
}
