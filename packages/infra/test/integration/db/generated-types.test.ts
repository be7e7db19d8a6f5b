import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';

import { runKyselyCodegen } from '../../../scripts/kysely-codegen.js';
import { GENERATED_TYPES_FILE } from '../../../scripts/paths.js';
import { useDatabase } from '../../support/postgres.js';

// What `pnpm db:codegen --check` checks, on the run's migrated test database.
describe('the generated database types (src/db/schema/database.gen.ts)', function () {
  this.timeout(60_000);
  const under = useDatabase();

  it('match the schema the migrations produce', () => {
    const { status, output } = runKyselyCodegen(under.database.url, { verify: true });
    expect(status, `${output}\nrun \`pnpm db:codegen\` and commit the result`).to.equal(0);
  });

  it('are reported as drifted, with the difference, when the schema changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proj-codegen-'));
    const copy = join(dir, 'database.gen.ts');
    copyFileSync(GENERATED_TYPES_FILE, copy);
    await under.database.query('alter table users add column probe_drift text');
    try {
      const { status, output } = runKyselyCodegen(under.database.url, { verify: true, outFile: copy });
      expect(status).not.to.equal(0);
      expect(output)
        .to.match(/not up-to-date/)
        .and.contain('probe_drift');
      expect(readFileSync(copy, 'utf8'), 'verify must not write').to.equal(readFileSync(GENERATED_TYPES_FILE, 'utf8'));
    } finally {
      await under.database.query('alter table users drop column probe_drift');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
