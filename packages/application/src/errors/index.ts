// The error kinds outer layers map to responses. The api layer imports them from here, so it needs
// no dependency on @proj/domain to tell a not-found from a conflict.
export {
  AppError,
  BusinessRuleError,
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
  type FieldIssue,
  InvalidEmailError,
  InvalidFullNameError,
  InvalidUserIdError,
  UserAlreadyExistsError,
  UserNotFoundError,
  UserVersionMismatchError,
  ArtifactNotFoundError,
  InvalidCaptureFieldError,
  SubspaceAlreadyExistsError,
  SubspaceNotFoundError,
  UnknownCaptureUserError,
} from '@proj/domain';
export { DependencyUnavailableError } from './dependency-unavailable-error.js';
export { IdempotencyInProgressError } from './idempotency-in-progress-error.js';
export { IdempotencyKeyReusedError } from './idempotency-key-reused-error.js';
export { InputValidationError } from './input-validation-error.js';
export { InvalidCursorError } from './invalid-cursor-error.js';
export { InvalidTokenError } from './invalid-token-error.js';
export { LockNotAcquiredError } from './lock-not-acquired-error.js';
