import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

import { workspacePackageDirs } from '@proj/packaging/workspace';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const INSTALL_INPUT = /(^|\/)(package\.json|pnpm-lock\.yaml|pnpm-workspace\.yaml)$/;

describe('Dockerfile: the dependency layers', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const beforeInstall = dockerfile.slice(0, dockerfile.indexOf('RUN pnpm install'));
  // The sources of each `COPY <source>... <destination>` of the build context (not `COPY --from`).
  const copied = [...beforeInstall.matchAll(/^COPY (?!--)(.+)$/gm)].flatMap((match) => match[1].trim().split(/\s+/).slice(0, -1));

  it('copies every workspace package manifest before the install (pnpm installs the workspace as a whole)', () => {
    const manifests = workspacePackageDirs(ROOT).map((dir) => `${dir}/package.json`);
    expect(copied).to.include.members(['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', ...manifests]);
  });

  it('copies nothing else before the install, so that a source or tooling script change reinstalls nothing', () => {
    expect(copied.filter((source) => !INSTALL_INPUT.test(source))).to.deep.equal([]);
  });

  it('downloads from the lockfile alone, then installs offline', () => {
    expect(beforeInstall).to.match(/^COPY pnpm-lock\.yaml pnpm-workspace\.yaml \.\/\nRUN pnpm fetch$/m);
    expect(dockerfile).to.match(/^RUN pnpm install --frozen-lockfile --offline$/m);
  });
});
