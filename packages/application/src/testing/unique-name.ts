import { randomBytes } from 'node:crypto';

/** A name no other test (or test run) uses: `prefix-3f9a0c1d2e4b`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}
