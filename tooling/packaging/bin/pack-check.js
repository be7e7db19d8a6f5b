#!/usr/bin/env node
// `pnpm --filter @proj/packaging pack:check`: the publish check for every package of the workspace
// that is not private, in a scratch directory under the system temp folder (kept when the check fails).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { checkPackages } from '../src/check-packages.js';
import { catalogTypesNode, publishablePackageDirs } from '../src/workspace.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const packageDirs = publishablePackageDirs(root);

// The consumer type-checks with the same @types/node the workspace builds against.
const typesNode = catalogTypesNode(root);
const workDir = mkdtempSync(join(tmpdir(), 'proj-pack-check-'));
const { ok, problems } = checkPackages({
  packageDirs,
  workDir,
  typesVersions: typesNode ? { '@types/node': typesNode } : {},
  log: (line) => console.log(line),
});
if (!ok) {
  console.error(`\nThe packages are not publishable (scratch project kept in ${workDir}):`);
  for (const problem of problems) console.error(`- ${problem}`);
  process.exit(1);
}
rmSync(workDir, { recursive: true, force: true });
console.log(`pack-install-import check passed for ${packageDirs.length} packages`);
