import { readFileSync } from 'node:fs';

import { expect } from 'chai';

import { API_DOCS_FILE, renderProblemList, withCurrentProblemList } from '../../../scripts/problems-file.js';
import { PROBLEMS } from '../../../src/http/problems/catalog.js';

describe("docs/api.md's list of problems", () => {
  it('names every code of the catalog once, with its status and sentence, by status', () => {
    const lines = renderProblemList().split('\n');
    expect(lines).to.have.length(Object.keys(PROBLEMS).length);
    expect(lines).to.include(`- 412 \`precondition_failed\`: ${PROBLEMS.precondition_failed.when}`);
    const statuses = lines.map((line) => Number(line.slice(2, 5)));
    expect(statuses).to.deep.equal([...statuses].sort((a, b) => a - b));
  });

  it('is in docs/api.md as the catalog has it (else run `pnpm openapi:generate`)', () => {
    const docs = readFileSync(API_DOCS_FILE, 'utf8');
    expect(docs === withCurrentProblemList(docs), 'the problem list of docs/api.md is stale: run `pnpm openapi:generate`').to.equal(true);
  });

  it('refuses a file without its markers', () => {
    expect(() => withCurrentProblemList('# no markers')).to.throw(/no problem-list markers/);
  });
});
