import { ValidationError, type FieldIssue } from '@proj/domain';

/** Several invalid fields of one input, reported together so a client can fix them at once. */
export class InputValidationError extends ValidationError {
  readonly code = 'VALIDATION_FAILED';

  constructor(issues: readonly FieldIssue[]) {
    super(`Invalid input: ${issues.map((issue) => issue.path).join(', ')}`, issues);
  }
}
