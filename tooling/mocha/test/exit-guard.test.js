// A run whose tests leave a handle open must end, and fail, instead of hanging the whole suite.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

const mocha = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');
const setup = fileURLToPath(new URL('../setup.js', import.meta.url));

function runFixture(name) {
  const fixture = fileURLToPath(new URL(`fixtures/${name}.fixture.js`, import.meta.url));
  return spawnSync(process.execPath, [mocha, '--no-config', '--require', setup, fixture], {
    encoding: 'utf8',
    env: { ...process.env, MOCHA_EXIT_GRACE_MS: '300' },
    timeout: 60_000,
  });
}

describe('the guard against a run that never ends', () => {
  it('ends a run that left a server open, fails it and names the handle', () => {
    const run = runFixture('leaves-a-server-open');
    expect(run.status, run.stderr).to.equal(1);
    expect(run.stdout).to.contain('1 passing');
    expect(run.stderr).to.match(/did not end 0\.3 s after the run; still open: .*TCPServerWrap/);
  });

  it('lets a run that closed everything end by itself, with its own status', () => {
    const run = runFixture('closes-everything');
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stderr).not.to.contain('did not end');
  });
});
