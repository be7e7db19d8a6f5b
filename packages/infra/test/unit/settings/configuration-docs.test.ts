import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';
import { z } from 'zod';

import { environmentSchema } from '../../../src/settings/settings.js';

const CONFIGURATION_DOC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..', 'docs', 'configuration.md');

/** Table rows of the document, keyed by the variable named in their first cell. */
function documentedRows(markdown: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const name = /^`([A-Z][A-Z0-9_]*)`$/.exec(cells[1] ?? '')?.[1];
    if (line.startsWith('|') && name) rows.set(name, line);
  }
  return rows;
}

/** Variables that a list item describes: `- \`NAME\`: what it means`. */
function describedVariables(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^- `([A-Z][A-Z0-9_]*)`: \S/gm)].map((match) => match[1] as string));
}

describe('docs/configuration.md', () => {
  const markdown = readFileSync(CONFIGURATION_DOC, 'utf8');
  const rows = documentedRows(markdown);
  const described = describedVariables(markdown);
  const variables = Object.keys(environmentSchema.shape);

  it('finds the variables of the schema (the test reads the schema itself)', () => {
    expect(variables).to.include.members(['PROJ_ENV', 'PROJ_DATABASE_URL', 'PROJ_SHUTDOWN_TIMEOUT_MS']);
  });

  it('has a row for every variable in the settings schema', () => {
    const missing = variables.filter((name) => !rows.has(name));
    expect(missing, 'variables missing from docs/configuration.md').to.deep.equal([]);
  });

  it('says what every variable of the schema means, in a list item after its table', () => {
    const missing = variables.filter((name) => !described.has(name));
    expect(missing, 'variables without a "- `NAME`: …" item in docs/configuration.md').to.deep.equal([]);
  });

  it('documents no variable that the schema does not read', () => {
    const stale = [...new Set([...rows.keys(), ...described])].filter((name) => !variables.includes(name));
    expect(stale, 'documented variables the service does not read').to.deep.equal([]);
  });

  it("states each fixed default as the schema's value", () => {
    const wrong = Object.entries(environmentSchema.shape).flatMap(([name, schema]) => {
      if (!(schema instanceof z.ZodDefault)) return [];
      const fallback = String(schema.def.defaultValue);
      const defaultCell = rows.get(name)?.split('|')[2] ?? '';
      return defaultCell.includes(`\`${fallback}\``) ? [] : [`${name}: default is ${fallback}`];
    });
    expect(wrong).to.deep.equal([]);
  });
});
