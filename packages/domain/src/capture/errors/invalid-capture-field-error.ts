import { ValidationError } from '../../errors/validation-error.js';

/**
 * One invalid field of a capture input. `path` names the field as the caller sent it
 * (`reading_depth`, `embedding`, `centroid`, `url`, …); `code` is stable per rule.
 */
export class InvalidCaptureFieldError extends ValidationError {
  readonly code: string;

  constructor(code: string, path: string, reason: string) {
    super(`Invalid ${path}: ${reason}`, [{ path, message: reason }]);
    this.code = code;
  }
}
