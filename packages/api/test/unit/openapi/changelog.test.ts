import { readFileSync } from 'node:fs';

import { expect } from 'chai';

import { generateOpenApiDocument } from '../../../src/index.js';

/** The versioning policy and changelog, at the repository's docs/api-versioning.md. */
const POLICY = new URL('../../../../../docs/api-versioning.md', import.meta.url);

describe('the API changelog', () => {
  const document = generateOpenApiDocument();
  const releases = [...readFileSync(POLICY, 'utf8').matchAll(/^### (\d+\.\d+\.\d+)/gm)].map((match) => match[1]);

  it("gives the document's info.version: the latest release of docs/api-versioning.md", () => {
    expect(releases[0]).to.equal(document.info.version);
  });

  it("is in the document's description too, latest release first", () => {
    expect(document.info.description).to.contain(`**${document.info.version}**`);
    expect(document.info.description).to.match(/^# Versioning$/m);
  });
});
