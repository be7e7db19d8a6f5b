// docs/api-versioning.md's changelog: what `pnpm openapi:generate` writes there and the drift test compares.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { renderChangelog } from '../src/openapi/changelog.js';

/** The versioning policy, at the repository's docs/api-versioning.md. */
export const POLICY_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'api-versioning.md');

const START = '<!-- generated from packages/api/src/openapi/changelog.ts by `pnpm openapi:generate`: edit it there -->';
const END = '<!-- end of the generated changelog -->';

/** `policy` with the text between the changelog markers replaced by the changelog as it is now. */
export function withCurrentChangelog(policy: string): string {
  const start = policy.indexOf(START);
  const end = policy.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${POLICY_FILE} has no changelog markers (${START} … ${END})`);
  return `${policy.slice(0, start + START.length)}\n\n${renderChangelog()}\n\n${policy.slice(end)}`;
}
