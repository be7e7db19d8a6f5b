import { readFileSync } from 'node:fs';

import { expect } from 'chai';

import { POLICY_FILE, withCurrentChangelog } from '../../../scripts/changelog-file.js';
import { generateOpenApiDocument } from '../../../src/index.js';
import { renderChangelog } from '../../../src/openapi/changelog.js';

describe('the API changelog', () => {
  const document = generateOpenApiDocument();
  const policy = readFileSync(POLICY_FILE, 'utf8');
  const releases = [...policy.matchAll(/^### (\d+\.\d+\.\d+)/gm)].map((match) => match[1]);

  it("gives the document's info.version: the latest release of docs/api-versioning.md", () => {
    expect(releases[0]).to.equal(document.info.version);
  });

  it('is in docs/api-versioning.md word for word (else run `pnpm openapi:generate`)', () => {
    expect(
      policy === withCurrentChangelog(policy),
      'the changelog of docs/api-versioning.md is stale: run `pnpm openapi:generate`',
    ).to.equal(true);
  });

  it("is in the document's description too, the same text, latest release first", () => {
    expect(document.info.description).to.match(/^# Versioning$/m);
    expect(document.info.description).to.contain(`# Changelog\n\n${renderChangelog()}\n`);
    expect(document.info.description).to.contain(`### ${document.info.version} (`);
  });
});
