import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';

import { EmbeddedPostgres } from '../../../src/dev/index.js';
import { postgresAnswers as answers } from '../../../src/testing/index.js';

// A `pnpm db:*` command run while the server runs on the same data directory must share its
// PostgreSQL, not stop it as an orphan, and must not stop it when the command ends.
describe('EmbeddedPostgres shared by two users of one data directory', function () {
  this.timeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'proj-embedded-shared-'));
  let first: EmbeddedPostgres | undefined;
  let second: EmbeddedPostgres | undefined;

  after(async () => {
    await second?.stop().catch(() => undefined);
    await first?.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the server running until the last user stops it', async () => {
    first = await EmbeddedPostgres.start({ dataDir, ephemeral: true });
    second = await EmbeddedPostgres.start({ dataDir, ephemeral: true });
    expect(second.url).to.equal(first.url);

    await first.stop();
    first = undefined;
    expect(await answers(second.url), 'still serving the remaining user').to.equal(true);

    const url = second.url;
    await second.stop();
    second = undefined;
    expect(await answers(url), 'stopped by the last user').to.equal(false);
  });
});
