import { InvalidCaptureFieldError } from '@proj/domain';

/**
 * An optional instant given by the caller (`occurred_at`): a valid Date or absent. Returned as epoch
 * milliseconds so that a command holding it stays immutable (a Date can be changed in place).
 * @throws InvalidCaptureFieldError (`INVALID_TIMESTAMP`, path `occurred_at`).
 */
export function optionalInstant(raw: Date | undefined | null): number | null {
  if (raw === undefined || raw === null) return null;
  if (!(raw instanceof Date) || Number.isNaN(raw.getTime())) {
    throw new InvalidCaptureFieldError('INVALID_TIMESTAMP', 'occurred_at', 'must be an ISO 8601 date-time');
  }
  return raw.getTime();
}
