// The release dry run's version checks on fixture release plans and packed manifests: the planned
// versions, the ranges pnpm writes for workspace dependencies, a tarball that carries another
// version, a dependency on a private workspace package or on a version outside its range, and the
// workspace packages one layer needs when installed alone. Also the workspace reading shared with
// pack:check.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

import { plannedVersions, satisfies, versionProblems, workspaceClosure } from '../src/release-check.js';
import { catalogTypesNode, publishablePackageDirs, workspacePackageDirs } from '../src/workspace.js';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const domain = { name: '@proj/domain', version: '0.1.1' };
const application = {
  name: '@proj/application',
  version: '0.1.1',
  dependencies: { '@proj/domain': '^0.1.1' },
  peerDependencies: { chai: '^6.0.0' },
};
const infra = {
  name: '@proj/infra',
  version: '0.2.0',
  dependencies: { '@proj/application': '^0.1.1', '@proj/domain': '^0.1.1', pg: '8.23.0' },
};
const api = { name: '@proj/api', version: '0.1.1', dependencies: { '@proj/application': '^0.1.1', express: '5.1.0' } };
const WORKSPACE = new Set(['@proj/domain', '@proj/application', '@proj/infra', '@proj/api', '@proj/tsconfig']);

describe('release dry run', () => {
  describe('plannedVersions', () => {
    it('takes the new version from the plan, and keeps the version of a package no changeset touches', () => {
      const plan = {
        changesets: [{ id: 'x' }],
        releases: [
          { name: '@proj/domain', type: 'patch', oldVersion: '0.1.0', newVersion: '0.1.1' },
          { name: '@proj/infra', type: 'minor', oldVersion: '0.1.0', newVersion: '0.2.0' },
          { name: '@proj/api', type: 'none', oldVersion: '0.1.0', newVersion: '0.1.0' },
        ],
      };
      const manifests = [
        { name: '@proj/domain', version: '0.1.0' },
        { name: '@proj/infra', version: '0.1.0' },
        { name: '@proj/api', version: '0.1.0' },
      ];
      expect(plannedVersions(manifests, plan)).to.deep.equal({
        '@proj/domain': { from: '0.1.0', to: '0.1.1', type: 'patch' },
        '@proj/infra': { from: '0.1.0', to: '0.2.0', type: 'minor' },
        '@proj/api': { from: '0.1.0', to: '0.1.0', type: 'none' },
      });
      expect(plannedVersions(manifests, { changesets: [], releases: [] })['@proj/domain']).to.deep.equal({
        from: '0.1.0',
        to: '0.1.0',
        type: 'none',
      });
    });
  });

  describe('satisfies', () => {
    for (const [version, range, expected] of [
      // exact, caret and tilde ranges, as pnpm writes them for workspace: ranges
      ['1.2.3', '1.2.3', true],
      ['1.2.4', '1.2.3', false],
      ['1.9.0', '^1.2.3', true],
      ['2.0.0', '^1.2.3', false],
      ['1.2.2', '^1.2.3', false],
      ['0.1.9', '^0.1.1', true],
      ['0.2.0', '^0.1.1', false],
      ['0.0.3', '^0.0.3', true],
      ['0.0.4', '^0.0.3', false],
      ['1.2.9', '~1.2.3', true],
      ['1.3.0', '~1.2.3', false],
      // prereleases stay with their own version; a range it cannot read is never met
      ['1.3.0-next.1', '^1.2.3', false],
      ['1.2.3-next.2', '^1.2.3-next.1', true],
      ['1.2.3', '^1.2.3-next.1', true],
      ['1.2.3', '>=1.0.0', false],
      ['latest', '^1.0.0', false],
    ]) {
      it(`${expected ? 'accepts' : 'refuses'} ${version} for ${range}`, () => {
        expect(satisfies(version, range)).to.equal(expected);
      });
    }
  });

  describe('versionProblems', () => {
    const planned = {
      '@proj/domain': { to: '0.1.1' },
      '@proj/application': { to: '0.1.1' },
      '@proj/infra': { to: '0.2.0' },
      '@proj/api': { to: '0.1.1' },
    };

    it('finds nothing wrong with a consistent release', () => {
      expect(versionProblems([domain, application, infra, api], planned, WORKSPACE)).to.deep.equal([]);
    });

    it('reports a tarball with another version, a private workspace dependency and a range the release does not meet', () => {
      const stale = { ...domain, version: '0.1.0' };
      const withPrivate = { ...api, dependencies: { ...api.dependencies, '@proj/tsconfig': '0.0.0' } };
      const tooNew = { ...infra, dependencies: { ...infra.dependencies, '@proj/application': '^0.2.0' } };
      expect(versionProblems([stale, application, tooNew, withPrivate], planned, WORKSPACE)).to.deep.equal([
        '@proj/domain: the tarball is version 0.1.0, the release plan says 0.1.1',
        '@proj/application: dependencies.@proj/domain is "^0.1.1", which @proj/domain@0.1.0 of this release does not satisfy',
        '@proj/infra: dependencies.@proj/application is "^0.2.0", which @proj/application@0.1.1 of this release does not satisfy',
        '@proj/infra: dependencies.@proj/domain is "^0.1.1", which @proj/domain@0.1.0 of this release does not satisfy',
        '@proj/api: dependencies.@proj/tsconfig is a workspace package that is not published',
      ]);
    });
  });

  describe('workspaceClosure', () => {
    it('is the package and the workspace packages it depends on, never its dependents or siblings', () => {
      const all = [domain, application, infra, api];
      expect(workspaceClosure('@proj/domain', all)).to.deep.equal(['@proj/domain']);
      expect(workspaceClosure('@proj/api', all)).to.deep.equal(['@proj/api', '@proj/application', '@proj/domain']);
      expect(workspaceClosure('@proj/infra', all)).to.deep.equal(['@proj/application', '@proj/domain', '@proj/infra']);
    });
  });

  describe('the workspace', () => {
    let root;
    afterEach(() => root && rmSync(root, { recursive: true, force: true }));

    it('lists the packages of pnpm-workspace.yaml, and publishes those not marked private', () => {
      root = mkdtempSync(join(tmpdir(), 'proj-release-'));
      const write = (path, content) => {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), content);
      };
      write('pnpm-workspace.yaml', "packages:\n  - packages/*\n  # tools\n  - 'tooling/*'\n\ncatalog:\n  '@types/node': 20.19.43\n");
      write('packages/lib/package.json', JSON.stringify({ name: '@x/lib' }));
      write('packages/not-a-package/README.md', '#\n');
      write('tooling/check/package.json', JSON.stringify({ name: '@x/check', private: true }));
      write('apps/server/package.json', JSON.stringify({ name: '@x/server' }));
      expect(workspacePackageDirs(root)).to.deep.equal(['packages/lib', 'tooling/check']);
      expect(publishablePackageDirs(root)).to.deep.equal([join(root, 'packages/lib')]);
      expect(catalogTypesNode(root)).to.equal('20.19.43');
    });

    it('publishes the four layers of this repository', () => {
      expect(publishablePackageDirs(repositoryRoot).map((dir) => dir.slice(repositoryRoot.length + 1))).to.include.members([
        'packages/api',
        'packages/application',
        'packages/domain',
        'packages/infra',
      ]);
    });
  });
});
