// Proves every architecture rule: a clean fixture workspace passes; adding one forbidden import makes
// the check fail with a message naming the rule and the file; taking it out makes it pass again.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

import { checkArchitecture } from '../src/check-architecture.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const PACKAGE_DIRS = ['packages/domain', 'packages/application', 'packages/infra', 'packages/api', 'apps/server'];

/** Copies the fixture workspace and links node_modules the way pnpm does: each package sees only what it declares. */
function makeWorkspace() {
  const root = mkdtempSync(join(tmpdir(), 'proj-arch-'));
  cpSync(join(fixtures, 'workspace'), root, { recursive: true });
  linkDependencies(root);
  // A package hoisted to the root node_modules: resolvable from every package, declared by none.
  link(join(fixtures, 'npm', 'winston'), join(root, 'node_modules', 'winston'));
  return root;
}

function link(target, path) {
  mkdirSync(dirname(path), { recursive: true });
  rmSync(path, { recursive: true, force: true });
  symlinkSync(target, path, 'dir');
}

function linkDependencies(root) {
  const workspacePackages = new Map(
    PACKAGE_DIRS.map((dir) => [JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).name, join(root, dir)]),
  );
  for (const dir of PACKAGE_DIRS) {
    rmSync(join(root, dir, 'node_modules'), { recursive: true, force: true });
    const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const declared = { ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies };
    for (const name of Object.keys(declared)) {
      link(workspacePackages.get(name) ?? join(fixtures, 'npm', name), join(root, dir, 'node_modules', name));
    }
  }
}

function declare(root, packageDir, field, name) {
  const file = join(root, packageDir, 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  manifest[field] = { ...manifest[field], [name]: '0.0.0' };
  writeFileSync(file, JSON.stringify(manifest, null, 2));
  linkDependencies(root);
}

function undeclare(root, packageDir, field, name) {
  const file = join(root, packageDir, 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  delete manifest[field][name];
  writeFileSync(file, JSON.stringify(manifest, null, 2));
  linkDependencies(root);
}

async function check(root, packageDir) {
  return checkArchitecture({ root, packageDir: join(root, packageDir) });
}

/** Each case breaks exactly one rule in an otherwise clean workspace. */
const VIOLATIONS = [
  {
    rule: 'domain-imports-nothing-outside-the-domain',
    what: 'the domain imports a node: I/O module',
    packageDir: 'packages/domain',
    file: 'src/accounts/user-export.ts',
    source: "import { writeFileSync } from 'node:fs';\nexport const save = writeFileSync;\n",
  },
  {
    rule: 'domain-imports-nothing-outside-the-domain',
    what: 'the domain imports an npm package, even a declared one',
    packageDir: 'packages/domain',
    declare: ['dependencies', 'kysely'],
    file: 'src/accounts/user-query.ts',
    source: "import { Kysely } from 'kysely';\nexport const query = Kysely;\n",
  },
  {
    rule: 'application-depends-on-domain-only',
    what: 'the application imports a node: module',
    packageDir: 'packages/application',
    file: 'src/accounts/hash-password.ts',
    source: "import { createHash } from 'node:crypto';\nexport const hash = createHash;\n",
  },
  {
    rule: 'application-imports-no-outer-layer-or-framework',
    what: 'the application imports a database driver',
    packageDir: 'packages/application',
    declare: ['dependencies', 'kysely'],
    file: 'src/accounts/find-user.ts',
    source: "import type { Kysely } from 'kysely';\nexport type Db = Kysely;\n",
  },
  {
    rule: 'application-imports-no-outer-layer-or-framework',
    what: 'the application imports infra',
    packageDir: 'packages/application',
    declare: ['dependencies', '@proj/infra'],
    file: 'src/accounts/find-user.ts',
    source: "import { KyselyUserRepository } from '@proj/infra';\nexport const repository = KyselyUserRepository;\n",
  },
  {
    rule: 'application-imports-no-outer-layer-or-framework',
    what: 'the application imports express',
    packageDir: 'packages/application',
    declare: ['dependencies', 'express'],
    file: 'src/accounts/router.ts',
    source: "import { Router } from 'express';\nexport const router = new Router();\n",
  },
  {
    rule: 'api-imports-no-infra-or-driver',
    what: 'the api imports infra',
    packageDir: 'packages/api',
    declare: ['dependencies', '@proj/infra'],
    file: 'src/accounts/user-store.ts',
    source: "import { KyselyUserRepository } from '@proj/infra';\nexport const store = KyselyUserRepository;\n",
  },
  {
    rule: 'api-imports-no-infra-or-driver',
    what: 'the api imports pg',
    packageDir: 'packages/api',
    declare: ['dependencies', 'pg'],
    file: 'src/health/database-check.ts',
    source: "import { Pool } from 'pg';\nexport const pool = new Pool();\n",
  },
  {
    rule: 'no-reaching-into-another-context',
    what: "one context imports another context's internal module",
    packageDir: 'packages/application',
    file: 'src/accounts/close-account.ts',
    source: "import { IssueInvoice } from '../billing/issue-invoice.js';\nexport const issue = IssueInvoice;\n",
  },
  {
    rule: 'capture-imports-no-accounts-code',
    what: "the capture context imports accounts code, even through the accounts context's index",
    packageDir: 'packages/application',
    file: 'src/capture/capture-handler.ts',
    source: "import { RegisterUser } from '../accounts/index.js';\nexport const register = RegisterUser;\n",
    extra: {
      file: 'src/accounts/index.ts',
      source: "export { RegisterUser } from './register-user.js';\n",
    },
  },
  {
    rule: 'capture-imports-no-accounts-code',
    what: 'the capture domain imports an accounts entity',
    packageDir: 'packages/domain',
    file: 'src/capture/artifact-owner.ts',
    source: "import { User } from '../accounts/user.js';\nexport const owner = User;\n",
  },
  {
    rule: 'no-circular-dependency',
    what: 'two modules import each other',
    packageDir: 'packages/domain',
    file: 'src/accounts/user-name.ts',
    source: "import { nickname } from './user-nickname.js';\nexport const name = (): string => nickname();\n",
    extra: {
      file: 'src/accounts/user-nickname.ts',
      source: "import { name } from './user-name.js';\nexport const nickname = (): string => name();\n",
    },
  },
  {
    rule: 'no-unresolvable-import',
    what: 'a package imports a workspace package it does not declare (pnpm does not link it)',
    packageDir: 'packages/infra',
    file: 'src/http/router.ts',
    source: "import { createAccountsRouter } from '@proj/api';\nexport const router = createAccountsRouter;\n",
  },
  {
    rule: 'no-undeclared-dependency',
    what: 'a package imports a hoisted package it does not declare',
    packageDir: 'apps/server',
    file: 'src/logger.ts',
    source: "import { createLogger } from 'winston';\nexport const logger = createLogger;\n",
  },
  {
    rule: 'no-dev-dependency-in-src',
    what: 'published code imports a devDependency',
    packageDir: 'packages/infra',
    declare: ['devDependencies', 'pg'],
    file: 'src/db/pool.ts',
    source: "import { Pool } from 'pg';\nexport const pool = new Pool();\n",
  },
];

describe('architecture check', function () {
  // Loading TypeScript into dependency-cruiser takes a moment on a busy machine.
  this.timeout(60_000);
  let root;

  beforeEach(() => {
    root = makeWorkspace();
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  describe('when the workspace follows every rule', () => {
    for (const packageDir of PACKAGE_DIRS) {
      it(`passes for ${packageDir}`, async () => {
        const result = await check(root, packageDir);
        expect(result.report).to.not.contain('error');
        expect(result.ok).to.equal(true);
        expect(result.modulesCruised).to.be.greaterThan(0);
      });
    }
  });

  for (const violation of VIOLATIONS) {
    describe(`when ${violation.what}`, () => {
      it(`fails naming ${violation.rule} and the file, and passes once the import is removed`, async () => {
        if (violation.declare) declare(root, violation.packageDir, ...violation.declare);
        const files = [violation, violation.extra].filter(Boolean);
        for (const { file, source } of files) {
          mkdirSync(dirname(join(root, violation.packageDir, file)), { recursive: true });
          writeFileSync(join(root, violation.packageDir, file), source);
        }

        const broken = await check(root, violation.packageDir);
        expect(broken.ok).to.equal(false);
        expect(broken.report).to.match(new RegExp(`error ${violation.rule}: ${violation.packageDir}/${violation.file} `));

        for (const { file } of files) rmSync(join(root, violation.packageDir, file));
        const fixed = await check(root, violation.packageDir);
        expect(fixed.report).to.not.contain('error');
        expect(fixed.ok).to.equal(true);
      });
    });
  }

  describe('when a package declares a second query builder or migration tool', () => {
    for (const [field, name] of [
      ['dependencies', 'knex'],
      ['devDependencies', 'node-pg-migrate'],
    ]) {
      it(`fails for ${name} in ${field}, naming the rule and the manifest, and passes once it is removed`, async () => {
        declare(root, 'packages/infra', field, name);
        const broken = await check(root, 'packages/infra');
        expect(broken.ok).to.equal(false);
        expect(broken.report).to.contain(
          `error one-query-builder-and-one-migration-system: packages/infra/package.json declares ${name} in ${field}`,
        );

        undeclare(root, 'packages/infra', field, name);
        const fixed = await check(root, 'packages/infra');
        expect(fixed.report).to.not.contain('error');
        expect(fixed.ok).to.equal(true);
      });
    }
  });

  it('every rule of the rule set has a case above', async () => {
    const { createRuleSet } = await import('../src/rules.js');
    const ruleNames = createRuleSet({ boundedContexts: ['accounts'] }).forbidden.map((rule) => rule.name);
    expect([...new Set(VIOLATIONS.map((violation) => violation.rule))].sort()).to.deep.equal(ruleNames.sort());
  });

  it('the fixture has the packages the cases use', () => {
    expect(readdirSync(join(fixtures, 'workspace', 'packages')).sort()).to.deep.equal(['api', 'application', 'domain', 'infra']);
  });
});
