import { AppError } from './app-error.js';

/** One rejected input field: `path` names the field as the caller sent it. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** Input that breaks an invariant of a value object or entity. */
export abstract class ValidationError extends AppError {
  readonly issues: readonly FieldIssue[];

  constructor(message: string, issues: readonly FieldIssue[], options?: ErrorOptions) {
    super(message, options);
    this.issues = issues;
  }
}
