import { InvalidCaptureFieldError } from './errors/invalid-capture-field-error.js';

const CONTROL = /\p{Cc}/u;

/**
 * Trimmed, NFC-normalised text of 1 to `max` characters (code points) without control characters:
 * the rule shared by artifact titles and subspace names.
 * @throws InvalidCaptureFieldError with `code`, naming `path`.
 */
export function boundedText(raw: string, rule: { readonly code: string; readonly path: string; readonly max: number }): string {
  const value = typeof raw === 'string' ? raw.trim().normalize('NFC') : '';
  if (value.length === 0 || [...value].length > rule.max) {
    throw new InvalidCaptureFieldError(rule.code, rule.path, `must be 1 to ${rule.max} characters`);
  }
  if (CONTROL.test(value)) throw new InvalidCaptureFieldError(rule.code, rule.path, 'must not contain control characters');
  return value;
}
