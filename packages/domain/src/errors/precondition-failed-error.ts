import { AppError } from './app-error.js';

/**
 * A condition the caller attached to a change no longer holds, typically the version of the
 * resource it last read (optimistic concurrency). Nothing was changed; the caller should read the
 * resource again and decide.
 */
export abstract class PreconditionFailedError extends AppError {}
