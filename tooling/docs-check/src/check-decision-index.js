// docs/decisions/README.md lists every decision record, so that a reader finds each from one page.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const RECORD = /^\d{4}-[a-z0-9-]+\.md$/;

/** Records the index does not link to, as file names. */
export function unlistedDecisions(root) {
  const dir = join(root, 'docs', 'decisions');
  if (!existsSync(dir)) return [];
  const index = existsSync(join(dir, 'README.md')) ? readFileSync(join(dir, 'README.md'), 'utf8') : '';
  return readdirSync(dir)
    .filter((file) => RECORD.test(file))
    .filter((file) => !index.includes(`](./${file})`) && !index.includes(`](${file})`))
    .sort();
}
