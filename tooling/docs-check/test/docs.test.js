// The repository's documentation passes every check, and each check fails on a small repository
// that breaks it the way a careless change would (a moved file, a renamed script, an undocumented
// variable, a README example that no longer compiles).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

import {
  brokenLinks,
  commandsIn,
  decisionsMissingSections,
  missingCommands,
  readmeTypeErrors,
  requiredDecisionSections,
  unknownVariables,
  unlistedDecisions,
  wideTableRows,
} from '../src/index.js';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const LAYER_PACKAGES = ['packages/domain', 'packages/application', 'packages/infra', 'packages/api'];

/** A throwaway repository made of the given files (path → content). */
function repository(files) {
  const root = mkdtempSync(join(tmpdir(), 'proj-docs-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const SETTINGS = `export const environmentSchema = z.object({\n  PROJ_ENV: oneOf(ENVIRONMENTS),\n  PROJ_PORT: integer(0, 65_535),\n});\n`;
const MANIFEST = JSON.stringify({ name: 'fixture', scripts: { test: 'mocha', 'db:migrate': 'x' } });

describe('the documentation of this repository', () => {
  it('has no broken relative link or anchor', () => {
    expect(brokenLinks(repositoryRoot)).to.deep.equal([]);
  });

  it('quotes only pnpm and npm commands that exist', () => {
    expect(missingCommands(repositoryRoot)).to.deep.equal([]);
  });

  it('names only PROJ_* variables that the service or its scripts read', () => {
    expect(unknownVariables(repositoryRoot)).to.deep.equal([]);
  });

  it('lists every decision record in docs/decisions/README.md (add a line there for a new record)', () => {
    expect(unlistedDecisions(repositoryRoot)).to.deep.equal([]);
  });

  it('gives every decision record the sections of docs/decisions/template.md, rollback plan included', () => {
    expect(requiredDecisionSections(repositoryRoot)).to.deep.equal(['Context', 'Decision', 'Consequences', 'Rollback plan']);
    expect(decisionsMissingSections(repositoryRoot)).to.deep.equal([]);
  });

  it('has no Markdown table row wider than 120 characters (short cells; the detail goes in a list or text below)', () => {
    const rows = wideTableRows(repositoryRoot);
    expect(rows, `rows too wide:\n${rows.join('\n')}\n`).to.deep.equal([]);
  });

  for (const packageDir of LAYER_PACKAGES) {
    it(`has TypeScript examples in ${packageDir}/README.md that compile`, () => {
      expect(readmeTypeErrors(repositoryRoot, packageDir)).to.deep.equal([]);
    });
  }
});

describe('the documentation checks', () => {
  const made = [];
  const make = (files) => {
    const root = repository(files);
    made.push(root);
    return root;
  };
  after(() => made.forEach((root) => rmSync(root, { recursive: true, force: true })));

  describe('brokenLinks', () => {
    it('reports a link to a file that is not there, and one to a missing heading', () => {
      const root = make({
        'README.md': '# Title\n\nSee [ops](docs/ops.md), [gone](docs/gone.md) and [part](docs/ops.md#deploy-it).\n',
        'docs/ops.md': '# Operations\n\n## Deploy\n',
      });
      expect(brokenLinks(root)).to.deep.equal([
        'README.md:3 → docs/gone.md (no such file)',
        'README.md:3 → docs/ops.md#deploy-it (no heading #deploy-it)',
      ]);
    });

    it('accepts external links, links in code and anchors of repeated headings', () => {
      const root = make({
        'README.md':
          '# A\n\n## Step\n\n## Step\n\n[web](https://example.com) `[x](nowhere.md)` [second](#step-1)\n\n```md\n[y](nowhere.md)\n```\n',
      });
      expect(brokenLinks(root)).to.deep.equal([]);
    });

    it('reports a link that leaves the repository', () => {
      const root = make({ 'README.md': '[guide](../outside/GUIDE.md)\n' });
      expect(brokenLinks(root))
        .to.have.length(1)
        .and.to.match(/outside the repository/);
    });
  });

  describe('missingCommands', () => {
    it('reports a renamed root script, an unknown package and a script the filtered package lacks', () => {
      const root = make({
        'package.json': MANIFEST,
        'packages/infra/package.json': JSON.stringify({ name: '@x/infra', scripts: { 'db:codegen': 'x' } }),
        'README.md': [
          '`pnpm db:migrate` `pnpm db:migrat` `npm test` `npm run lint`',
          '```sh',
          'pnpm --filter @x/infra db:codegen',
          'pnpm --filter @x/infra db:snapshot',
          'pnpm --filter @x/nothing test',
          'pnpm install && PROJ_ENV=test pnpm run test',
          '```',
        ].join('\n'),
      });
      expect(missingCommands(root)).to.have.members([
        'README.md: `pnpm db:migrat` (no script `db:migrat` in the root package, and pnpm has no such command)',
        'README.md: `npm run lint` (no root script `lint`)',
        'README.md: `pnpm --filter @x/infra db:snapshot` (no script `db:snapshot` in @x/infra, and pnpm has no such command)',
        'README.md: `pnpm --filter @x/nothing test` (no workspace package `@x/nothing`)',
      ]);
    });

    it('reads commands after variable assignments and between shell operators, not inside prose words', () => {
      expect(commandsIn('PROJ_ENV=test pnpm run token --scope a && npm start # then')).to.deep.equal([
        ['pnpm', 'run', 'token', '--scope', 'a'],
        ['npm', 'start'],
      ]);
      expect(commandsIn('echo pnpm build')).to.deep.equal([]);
    });
  });

  describe('unknownVariables', () => {
    it('reports a documented variable that nothing reads, unless the document marks it as an example', () => {
      const root = make({
        'packages/infra/src/settings/settings.ts': SETTINGS,
        'tooling/run.sh': 'echo $PROJ_TEST_DATABASE_URL\n',
        'docs/configuration.md': [
          '`PROJ_ENV`, `PROJ_PORT`, `PROJ_TEST_DATABASE_URL`, `PROJ_LEGACY_*` and `PROJ_PORTT`.',
          'A typo such as `PROJ_PORT_NUMBER` is warned about.',
          '<!-- docs-check: not a variable: PROJ_PORT_NUMBER -->',
        ].join('\n'),
      });
      expect(unknownVariables(root)).to.deep.equal(['docs/configuration.md: PROJ_PORTT']);
    });
  });

  describe('unlistedDecisions', () => {
    it('reports a record the index does not link to', () => {
      const root = make({
        'docs/decisions/README.md': '- [0001](./0001-first.md) First\n',
        'docs/decisions/0001-first.md': '# 1. First\n',
        'docs/decisions/0002-second.md': '# 2. Second\n',
        'docs/decisions/template.md': '# N. Title\n',
      });
      expect(unlistedDecisions(root)).to.deep.equal(['0002-second.md']);
    });
  });

  describe('decisionsMissingSections', () => {
    const TEMPLATE = [
      '# N. Title in the imperative',
      '',
      'Date: YYYY-MM-DD · Status: proposed',
      '',
      '## Context',
      '',
      'Forces.',
      '',
      '## Decision',
      '',
      'What we do.',
      '',
      '## Rollback plan',
      '',
      'How to undo it.',
      '',
    ].join('\n');
    const record = (title, sections) =>
      `# ${title}\n\nDate: 2026-12-02 · Status: accepted\n\n${Object.entries(sections)
        .map(([heading, text]) => `## ${heading}\n\n${text}\n`)
        .join('\n')}`;

    it('accepts a record written from the template, extra sections and all', () => {
      const root = make({
        'docs/decisions/template.md': TEMPLATE,
        'docs/decisions/0001-first.md': record('1. First', {
          Context: 'Why.',
          Decision: 'This.\n\n### A detail\n\nMore.',
          'Alternatives considered': 'Others.',
          'Rollback plan': 'Undo it.',
        }),
      });
      expect(requiredDecisionSections(root)).to.deep.equal(['Context', 'Decision', 'Rollback plan']);
      expect(decisionsMissingSections(root)).to.deep.equal([]);
    });

    it('reports a missing section, an empty one and a heading that only appears inside a code block', () => {
      const root = make({
        'docs/decisions/template.md': TEMPLATE,
        'docs/decisions/README.md': '# Decision records\n',
        'docs/decisions/0001-no-rollback.md': record('1. No rollback', { Context: 'Why.', Decision: 'This.' }),
        'docs/decisions/0002-empty-decision.md': record('2. Empty', { Context: 'Why.', Decision: '', 'Rollback plan': 'Undo.' }),
        'docs/decisions/0003-fenced.md': record('3. Fenced', {
          Context: 'Why.',
          Decision: 'This.\n\n```md\n## Rollback plan\n\nText.\n```',
        }),
      });
      expect(decisionsMissingSections(root)).to.deep.equal([
        '0001-no-rollback.md: missing "## Rollback plan"',
        '0002-empty-decision.md: "## Decision" is empty',
        '0003-fenced.md: missing "## Rollback plan"',
      ]);
    });
  });

  describe('wideTableRows', () => {
    it('reports a table row over 120 characters by file and line, in the README, docs and a package README alike', () => {
      const wide = `| \`x\` | ${'a'.repeat(120)} |`;
      const root = make({
        'README.md': `# A\n\n| name | what |\n| --- | --- |\n${wide}\n`,
        'docs/ops.md': `Text.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n- In a list:\n\n  ${wide}\n`,
        'packages/lib/README.md': `| a |\n| - |\n| ${'é'.repeat(116)} |\n| ${'→'.repeat(117)} |\n`,
      });
      expect(wideTableRows(root)).to.deep.equal([
        'README.md:5: 130 characters',
        'docs/ops.md:9: 132 characters',
        'packages/lib/README.md:4: 121 characters',
      ]);
    });

    it('leaves long prose, tables inside code blocks and decision records alone', () => {
      const wide = `| ${'a'.repeat(130)} |`;
      const root = make({
        'README.md': `${'word '.repeat(60)}\n\n\`\`\`md\n${wide}\n\`\`\`\n`,
        'docs/decisions/0001-first.md': `# 1. First\n\n${wide}\n`,
      });
      expect(wideTableRows(root)).to.deep.equal([]);
    });
  });

  describe('readmeTypeErrors', () => {
    it('reports an example that calls a package with the wrong arguments, on its README line', () => {
      const root = make({
        'packages/lib/package.json': JSON.stringify({ name: '@proj/lib', type: 'module', exports: { '.': { types: './index.d.ts' } } }),
        'packages/lib/index.d.ts': 'export declare function greet(name: string): string;\n',
        'packages/lib/README.md': "# lib\n\n```ts\nimport { greet } from '@proj/lib';\n\ngreet(42);\n```\n\n```text\nnot checked(\n```\n",
      });
      const errors = readmeTypeErrors(root, 'packages/lib');
      expect(errors).to.have.length(1);
      expect(errors[0]).to.match(/^packages\/lib\/README\.md:6: Argument of type 'number'/);
    });

    it('reports a name in the entry-point table that the entry point does not export, continuing rows with a blank first cell', () => {
      const root = make({
        'packages/lib/package.json': JSON.stringify({ name: '@proj/lib', type: 'module', exports: { '.': { types: './index.d.ts' } } }),
        'packages/lib/index.d.ts': 'export declare function greet(name: string): string;\nexport interface Greeting { text: string }\n',
        'packages/lib/README.md':
          '# lib\n\n| entry point | what |\n| --- | --- |\n| `@proj/lib` | `greet`, `Greeting` |\n|  | `farewell` (gone), `PROJ_X` aside |\n',
      });
      expect(readmeTypeErrors(root, 'packages/lib')).to.deep.equal([
        "packages/lib/README.md:6: Module '\"@proj/lib\"' has no exported member 'farewell'.",
        "packages/lib/README.md:6: Module '\"@proj/lib\"' has no exported member 'PROJ_X'.",
      ]);
    });
  });
});
