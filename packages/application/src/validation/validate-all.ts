import { ValidationError, type FieldIssue } from '@proj/domain';

import { InputValidationError } from '../errors/input-validation-error.js';

type Results<T extends readonly (() => unknown)[]> = { -readonly [K in keyof T]: ReturnType<T[K]> };

/**
 * Runs every value-object factory and, if any reject their input, throws one
 * InputValidationError listing the issues of all of them. Other errors pass through.
 */
export function validateAll<const T extends readonly (() => unknown)[]>(...factories: T): Results<T> {
  const issues: FieldIssue[] = [];
  const values = factories.map((factory) => {
    try {
      return factory();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push(...error.issues);
      return undefined;
    }
  });
  if (issues.length > 0) throw new InputValidationError(issues);
  return values as Results<T>;
}
