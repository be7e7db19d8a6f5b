import { z } from './zod.js';

/** A JSON field that must be there: "is required" when absent, "must be `what`" when of another type. */
export const requiredString = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be ${what}`) });

/** One query parameter: a single string (a repeated parameter arrives as an array, and is refused). */
export const queryValue = (what: string) =>
  z.string({
    error: (issue) =>
      issue.input === undefined ? 'is required' : Array.isArray(issue.input) ? 'must be given at most once' : `must be ${what}`,
  });

/** The `limit` query parameter of a paged list; its range is the use case's rule, only its syntax is checked here. */
export const pageLimitParameter = (max: number, defaultSize: number, what: string) =>
  queryValue('an integer')
    .regex(/^\d{1,9}$/, 'must be an integer')
    .transform(Number)
    .optional()
    .openapi({
      type: 'integer',
      minimum: 1,
      maximum: max,
      default: defaultSize,
      param: { description: `${what}, 1 to ${max}.`, example: defaultSize },
    });
