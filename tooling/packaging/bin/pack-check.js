#!/usr/bin/env node
// `pnpm --filter @proj/packaging pack:check`: the publish check for every layer package under
// packages/, in a scratch directory under the system temp folder (kept when the check fails).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { checkPackages } from '../src/check-packages.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const packageDirs = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => !JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private);

// The consumer type-checks with the same @types/node the workspace builds against.
const catalogTypesNode = /^\s+"@types\/node":\s*(\S+)\s*$/m.exec(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8'))?.[1];
const workDir = mkdtempSync(join(tmpdir(), 'proj-pack-check-'));
const { ok, problems } = checkPackages({
  packageDirs,
  workDir,
  typesVersions: catalogTypesNode ? { '@types/node': catalogTypesNode } : {},
  log: (line) => console.log(line),
});
if (!ok) {
  console.error(`\nThe packages are not publishable (scratch project kept in ${workDir}):`);
  for (const problem of problems) console.error(`- ${problem}`);
  process.exit(1);
}
rmSync(workDir, { recursive: true, force: true });
console.log(`pack-install-import check passed for ${packageDirs.length} packages`);
