import { AppError } from './app-error.js';

/** The request conflicts with the current state, e.g. a uniqueness rule. */
export abstract class ConflictError extends AppError {}
