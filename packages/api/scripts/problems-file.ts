// docs/api.md's list of problems: what `pnpm openapi:generate` writes there from the problem
// catalog, so that no status or sentence of a problem is written twice.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { PROBLEMS } from '../src/http/problems/catalog.js';

/** The HTTP reference, at the repository's docs/api.md. */
export const API_DOCS_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'api.md');

const START = '<!-- generated from packages/api/src/http/problems/catalog.ts by `pnpm openapi:generate`: edit it there -->';
const END = '<!-- end of the generated problem list -->';

/** Every problem of the catalog, by status then code: `- 404 \`user_not_found\`: No user has this id (…).` */
export function renderProblemList(): string {
  return Object.entries(PROBLEMS)
    .sort(([a, first], [b, second]) => first.status - second.status || a.localeCompare(b))
    .map(([code, problem]) => `- ${problem.status} \`${code}\`: ${problem.when}`)
    .join('\n');
}

/** `docs` with the text between the problem-list markers replaced by the list as the catalog has it now. */
export function withCurrentProblemList(docs: string): string {
  const start = docs.indexOf(START);
  const end = docs.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${API_DOCS_FILE} has no problem-list markers (${START} … ${END})`);
  return `${docs.slice(0, start + START.length)}\n\n${renderProblemList()}\n\n${docs.slice(end)}`;
}
