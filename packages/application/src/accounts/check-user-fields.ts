import { Email, FullName, UserId, type FieldIssue } from '@proj/domain';

import { InputValidationError } from '../errors/input-validation-error.js';
import { validateAll } from '../validation/validate-all.js';

/** User fields as a caller sent them; absent ones are not checked. */
export interface UserFields {
  readonly userId?: string;
  readonly email?: string;
  readonly fullName?: string;
}

/**
 * The issues the accounts use cases would find in these fields, without running one: the edge
 * calls it when other fields of the same request are already malformed, so that one answer lists
 * every invalid field. The use cases check the same rules themselves.
 */
export function checkUserFields(fields: UserFields): FieldIssue[] {
  const { userId, email, fullName } = fields;
  try {
    validateAll(
      () => (userId === undefined ? undefined : UserId.of(userId)),
      () => (email === undefined ? undefined : Email.of(email)),
      () => (fullName === undefined ? undefined : FullName.of(fullName)),
    );
    return [];
  } catch (error) {
    if (error instanceof InputValidationError) return [...error.issues];
    throw error;
  }
}
