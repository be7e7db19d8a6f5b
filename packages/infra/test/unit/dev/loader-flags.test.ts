import { expect } from 'chai';

import { loaderFlags } from '../../../src/dev/embedded-postgres.js';

describe('loaderFlags (what the embedded PostgreSQL watcher takes from its parent)', () => {
  it('keeps module-loading flags with their values, in either spelling', () => {
    expect(loaderFlags(['--import=tsx/esm', '--require', 'tsx/preflight.cjs', '-r', 'x.cjs', '--loader', 'l.mjs'])).to.deep.equal([
      '--import=tsx/esm',
      '--require',
      'tsx/preflight.cjs',
      '-r',
      'x.cjs',
      '--loader',
      'l.mjs',
    ]);
  });

  it('drops code to evaluate and every other flag, so that the watcher runs only its script', () => {
    expect(loaderFlags(['--input-type=module', '-e', 'start()', '--inspect', '--enable-source-maps', '--import', 'tsx'])).to.deep.equal([
      '--import',
      'tsx',
    ]);
  });
});
