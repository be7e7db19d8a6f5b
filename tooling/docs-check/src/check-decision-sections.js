// Every decision record has the sections docs/decisions/template.md requires (its `## ` headings:
// context, decision, consequences, rollback plan), each with some text under it. The template is
// the source of the list, so a section added there is required of every record at once.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { withoutCodeBlocks } from './markdown.js';

const RECORD = /^\d{4}-[a-z0-9-]+\.md$/;

/** The level-2 headings of a document, outside code blocks, with the text under each. */
function sections(markdown) {
  const found = new Map();
  let current;
  for (const line of withoutCodeBlocks(markdown).split('\n')) {
    const heading = /^##\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      current = heading[1];
      if (!found.has(current)) found.set(current, '');
      continue;
    }
    if (/^#\s/.test(line)) current = undefined;
    else if (current !== undefined) found.set(current, found.get(current) + line.trim());
  }
  return found;
}

/** The headings the template requires, in its order. */
export function requiredDecisionSections(root) {
  const template = join(root, 'docs', 'decisions', 'template.md');
  return existsSync(template) ? [...sections(readFileSync(template, 'utf8')).keys()] : [];
}

/**
 * Records that lack a section the template requires, or leave one empty, as
 * `<file>: missing "## <heading>"` or `<file>: "## <heading>" is empty`.
 */
export function decisionsMissingSections(root) {
  const dir = join(root, 'docs', 'decisions');
  const required = requiredDecisionSections(root);
  if (required.length === 0) return [];
  return readdirSync(dir)
    .filter((file) => RECORD.test(file))
    .sort()
    .flatMap((file) => {
      const present = sections(readFileSync(join(dir, file), 'utf8'));
      return required.flatMap((heading) => {
        if (!present.has(heading)) return [`${file}: missing "## ${heading}"`];
        if (present.get(heading) === '') return [`${file}: "## ${heading}" is empty`];
        return [];
      });
    });
}
