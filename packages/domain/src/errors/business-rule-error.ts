import { AppError } from './app-error.js';

/** A well-formed request that a business rule forbids in the current state. */
export abstract class BusinessRuleError extends AppError {}
