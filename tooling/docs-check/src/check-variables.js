// Every `PROJ_*` variable the documentation names is one the service reads (a key of the settings
// schema) or one the project's own scripts and tests read. The reverse (every schema variable is
// documented in docs/configuration.md) is checked beside the schema, in @proj/infra's tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { markdownFiles, read, repositoryFiles } from './markdown.js';

const SETTINGS_SCHEMA = 'packages/infra/src/settings/settings.ts';
const VARIABLE = /\bPROJ_[A-Z0-9]+(?:_[A-Z0-9]+)*\b(?!_|\*)/g;

/** The variables of the settings schema: the keys of its `environmentSchema` object. */
export function schemaVariables(root) {
  const source = readFileSync(join(root, SETTINGS_SCHEMA), 'utf8');
  const body = source.slice(source.indexOf('export const environmentSchema'));
  return new Set([...body.matchAll(/^\s+(PROJ_[A-Z0-9_]+|PORT)\s*:/gm)].map((match) => match[1]));
}

/** `PROJ_*` names used by code outside the settings schema (test helpers, scripts, compose). */
function variablesReadElsewhere(root) {
  const files = repositoryFiles(root).filter((file) => !file.endsWith('.md'));
  const names = new Set();
  for (const file of files) {
    let text;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      continue;
    }
    for (const match of text.matchAll(VARIABLE)) names.add(match[0]);
  }
  return names;
}

/**
 * Names a document shows on purpose as not being variables (a misspelling the loader warns about),
 * declared in the document itself: `<!-- docs-check: not a variable: PROJ_X -->`.
 */
function declaredExamples(markdown) {
  return new Set(
    [...markdown.matchAll(/<!--\s*docs-check: not a variable: ([A-Z0-9_, ]+?)\s*-->/g)].flatMap((match) => match[1].split(/[,\s]+/)),
  );
}

/** Documented `PROJ_*` names nothing reads, as `file: NAME`. */
export function unknownVariables(root) {
  const known = new Set([...schemaVariables(root), ...variablesReadElsewhere(root)]);
  const problems = [];
  for (const file of markdownFiles(root)) {
    if (file.startsWith('docs/decisions/')) continue; // records are history
    const markdown = read(root, file);
    const examples = declaredExamples(markdown);
    for (const match of markdown.matchAll(VARIABLE)) {
      if (!known.has(match[0]) && !examples.has(match[0])) problems.push(`${file}: ${match[0]}`);
    }
  }
  return [...new Set(problems)];
}
