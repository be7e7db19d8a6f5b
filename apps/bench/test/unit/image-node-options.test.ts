import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

import { imageNodeFlags, imageNodeOptions } from '../../src/image-node-options.js';

describe('imageNodeOptions', () => {
  it('reads NODE_OPTIONS from an ENV line, plain or quoted, alone or among others', () => {
    expect(
      imageNodeOptions('ENV NODE_ENV=production \\\n    NODE_OPTIONS=--max-old-space-size=128 \\\n    PROJ_ENV=production\n'),
    ).to.equal('--max-old-space-size=128');
    expect(imageNodeOptions('ENV NODE_OPTIONS="--max-old-space-size=96 --enable-source-maps"\n')).to.equal(
      '--max-old-space-size=96 --enable-source-maps',
    );
    expect(imageNodeOptions('ENV NODE_ENV=production\n')).to.equal(undefined);
  });

  it("finds the heap limit in this repository's Dockerfile", () => {
    const dockerfile = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'Dockerfile'), 'utf8');
    expect(imageNodeOptions(dockerfile)).to.match(/--max-old-space-size=\d+/);
  });
});

describe('imageNodeFlags', () => {
  it("reads the flags node gets before the script in the image's CMD", () => {
    expect(imageNodeFlags('CMD ["node", "--enable-source-maps", "--heap-growing-percent=100", "dist/main.js"]\n')).to.deep.equal([
      '--enable-source-maps',
      '--heap-growing-percent=100',
    ]);
    expect(imageNodeFlags('CMD ["node", "dist/main.js", "--not-a-node-flag"]\n')).to.deep.equal([]);
    expect(imageNodeFlags('CMD node dist/main.js\n')).to.deep.equal([]);
    expect(imageNodeFlags('  CMD ["node", "-e", "fetch(...)"]\nCMD ["node", "--x", "dist/main.js"]\n')).to.deep.equal(['--x']);
  });

  it("finds the V8 flags of this repository's Dockerfile", () => {
    const dockerfile = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'Dockerfile'), 'utf8');
    expect(imageNodeFlags(dockerfile)).to.include('--heap-growing-percent=100');
  });
});
