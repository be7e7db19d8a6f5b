import { AppError } from './app-error.js';

/** The addressed resource does not exist. */
export abstract class NotFoundError extends AppError {}
