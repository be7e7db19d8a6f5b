import { IdempotencyKeyReusedError } from '@proj/application/errors';
import { InvalidCaptureFieldError, SubspaceAlreadyExistsError, UnknownCaptureUserError } from '@proj/domain';

import { mapUnavailable } from '../connection/map-pg-error.js';

interface DriverError {
  readonly code?: string;
  readonly constraint?: string;
  readonly hint?: string;
  readonly detail?: string;
}

const USER_FOREIGN_KEYS = new Set(['artifacts_user_id_fkey', 'subspaces_user_id_fkey']);

/**
 * Turns what the capture functions raise into domain errors: an unknown user (foreign key to
 * users), a taken subspace name, an embedding of the wrong dimension (`PC422`, raised by
 * capture_require_dimension with the field in the hint) or with a value a 32-bit float cannot hold
 * (`22003`), an idempotency key recorded with another command (`PC409`). Anything else goes
 * through mapUnavailable.
 */
export function mapCaptureError(error: unknown, vectorField: 'embedding' | 'centroid'): unknown {
  const e = error as DriverError | undefined;
  if (e?.code === '23503' && e.constraint !== undefined && USER_FOREIGN_KEYS.has(e.constraint)) {
    return new UnknownCaptureUserError({ cause: error });
  }
  if (e?.code === '23505' && e.constraint === 'subspaces_user_name_key') return new SubspaceAlreadyExistsError({ cause: error });
  if (e?.code === 'PC422')
    return new InvalidCaptureFieldError('INVALID_EMBEDDING', e.hint ?? vectorField, e.detail ?? 'has the wrong dimension');
  if (e?.code === 'PC409') return new IdempotencyKeyReusedError({ cause: error });
  if (e?.code === '22003')
    return new InvalidCaptureFieldError('INVALID_EMBEDDING', vectorField, 'must contain numbers a 32-bit float can hold');
  return mapUnavailable(error);
}
