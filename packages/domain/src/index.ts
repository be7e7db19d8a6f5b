export { AppError } from './errors/app-error.js';
export { BusinessRuleError } from './errors/business-rule-error.js';
export { ConflictError } from './errors/conflict-error.js';
export { NotFoundError } from './errors/not-found-error.js';
export { PreconditionFailedError } from './errors/precondition-failed-error.js';
export { ValidationError, type FieldIssue } from './errors/validation-error.js';

export { Email } from './accounts/email.js';
export { FullName } from './accounts/full-name.js';
export { InvalidEmailError } from './accounts/invalid-email-error.js';
export { InvalidFullNameError } from './accounts/invalid-full-name-error.js';
export { InvalidUserIdError } from './accounts/invalid-user-id-error.js';
export { User, type RegisterUserProps, type UserSnapshot } from './accounts/user.js';
export { UserAlreadyExistsError } from './accounts/user-already-exists-error.js';
export { UserId } from './accounts/user-id.js';
export { UserNotFoundError } from './accounts/user-not-found-error.js';
export { UserVersionMismatchError } from './accounts/user-version-mismatch-error.js';
