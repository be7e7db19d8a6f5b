import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

import { loadSettings } from '../../../src/settings/load-settings.js';

const OPERATIONS_DOC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..', 'docs', 'operations.md');

/** The variables of the `sh` block after the `<!-- minimum production settings -->` marker. */
function minimumProductionSettings(markdown: string): Record<string, string> {
  const marker = markdown.indexOf('<!-- minimum production settings -->');
  if (marker < 0) throw new Error('docs/operations.md has no "minimum production settings" block');
  const block = /```sh\n([\s\S]*?)```/.exec(markdown.slice(marker))?.[1] ?? '';
  return Object.fromEntries(
    block
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('the minimum production settings in docs/operations.md', () => {
  const documented = minimumProductionSettings(readFileSync(OPERATIONS_DOC, 'utf8'));

  it('is a production block (the test reads the document itself)', () => {
    expect(documented['PROJ_ENV']).to.equal('production');
    expect(Object.keys(documented).length).to.be.greaterThan(2);
  });

  it('is enough for the server to start', () => {
    expect(() => loadSettings(documented, { purpose: 'serve' })).not.to.throw();
  });

  it('has no line the server could do without: without any one of them it refuses to start, naming it', () => {
    for (const name of Object.keys(documented).filter((variable) => variable !== 'PROJ_ENV')) {
      const { [name]: _omitted, ...rest } = documented;
      expect(() => loadSettings(rest, { purpose: 'serve' }), `without ${name}`).to.throw(name);
    }
  });
});
