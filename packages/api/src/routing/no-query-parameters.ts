import { z } from '../openapi/zod.js';

/**
 * The query of an operation that takes no query parameters, the default of every operation: any
 * parameter is refused (422), so that a misspelt one never goes unnoticed.
 */
export const NO_QUERY_PARAMETERS = z.strictObject({}, { error: 'must be an object' });
