#!/usr/bin/env node
// `pnpm release:dry-run`: everything `changeset publish` would do, short of publishing. In a scratch
// copy of the workspace's manifests (and of the publishable packages, built), it
// applies the pending changesets as the release workflow's versions pull request will
// (`changeset version`), then packs every publishable package, checks each tarball (pack:check's
// contents, publint and are-the-types-wrong checks), checks the versions (the planned one in each
// tarball, and every workspace dependency published in the same release at a version its range
// accepts), installs all tarballs into a scratch project to type-check and import every entry point,
// and finally installs each package alone, with only the workspace packages it depends on, to prove
// that a team can consume one layer without the others. The repository is not changed.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { checkPackages, entryPoints, importScript, run } from '../src/check-packages.js';
import { plannedVersions, versionProblems, workspaceClosure } from '../src/release-check.js';
import { catalogTypesNode, publishablePackageDirs, readManifest, workspacePackageDirs } from '../src/workspace.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const changeset = join(root, 'node_modules', '.bin', 'changeset');
const workDir = mkdtempSync(join(tmpdir(), 'proj-release-dry-run-'));
const stage = join(workDir, 'workspace');
const log = (line) => console.log(line);

function fail(problems) {
  console.error(`\nThe release is not right (scratch folder kept in ${workDir}):`);
  for (const problem of problems) console.error(`- ${problem}`);
  process.exit(1);
}

// 1. The release plan: the version each package gets from the pending changesets.
const publishable = publishablePackageDirs(root);
const planFile = join(workDir, 'release-plan.json');
const status = run(changeset, ['status', '--output', planFile], { cwd: root });
if (!status.ok) fail([`changeset status failed:\n${status.output}`]);
const plan = JSON.parse(readFileSync(planFile, 'utf8'));
const planned = plannedVersions(publishable.map(readManifest), plan);
log(`release plan (${plan.changesets.length} pending changeset(s)):`);
for (const [name, { from, to, type }] of Object.entries(planned)) log(`  ${name.padEnd(20)} ${from} -> ${to} (${type})`);

// 2. A scratch workspace: every manifest (dependents are bumped too), the changesets, and what the
//    publishable packages ship. `changeset version` needs no git and no install.
for (const file of ['package.json', 'pnpm-workspace.yaml', '.npmrc']) {
  if (existsSync(join(root, file))) cpSync(join(root, file), join(stage, file));
}
cpSync(join(root, '.changeset'), join(stage, '.changeset'), { recursive: true });
for (const dir of workspacePackageDirs(root)) {
  mkdirSync(join(stage, dir), { recursive: true });
  cpSync(join(root, dir, 'package.json'), join(stage, dir, 'package.json'));
}
// The publishable packages whole, less what is never packed (pnpm pack applies their `files`).
const SKIPPED = new Set(['node_modules', '.turbo', 'coverage', '.test-results']);
for (const dir of publishable) {
  if (!existsSync(join(dir, 'dist'))) fail([`${relative(root, dir)}/dist is missing: build first (pnpm release:dry-run does)`]);
  cpSync(dir, join(stage, relative(root, dir)), { recursive: true, filter: (source) => !SKIPPED.has(basename(source)) });
}
if (plan.changesets.length > 0) {
  const versioned = run(changeset, ['version'], { cwd: stage });
  if (!versioned.ok) fail([`changeset version failed:\n${versioned.output}`]);
  log('applied the pending changesets to a scratch copy (changeset version)');
}

// 3. Pack, lint, install together, type-check and import: the pack check, on the versioned copy.
const stagedDirs = publishable.map((dir) => join(stage, relative(root, dir)));
const typesNode = catalogTypesNode(root);
const typesVersions = typesNode ? { '@types/node': typesNode } : {};
const checked = checkPackages({ packageDirs: stagedDirs, workDir: join(workDir, 'together'), typesVersions, log });
if (!checked.ok) fail(checked.problems);

// 4. The versions.
const manifests = checked.packed.map(({ manifest }) => manifest);
const workspaceNames = new Set(workspacePackageDirs(root).map((dir) => readManifest(join(root, dir)).name));
const problems = versionProblems(manifests, planned, workspaceNames);
if (problems.length > 0) fail(problems);
log(`versions: every tarball has its planned version, and its workspace dependencies are in this release at versions its ranges accept`);

// 5. One layer at a time: a consumer that installs one package gets it and the workspace packages
//    it depends on, nothing else of the workspace, and can import every entry point.
for (const { manifest } of checked.packed) {
  const closure = workspaceClosure(manifest.name, manifests);
  const consumer = join(workDir, 'alone', manifest.name.replace('/', '+'));
  mkdirSync(consumer, { recursive: true });
  const tarballs = Object.fromEntries(
    checked.packed.filter((item) => closure.includes(item.manifest.name)).map((item) => [item.manifest.name, `file:${item.tarball}`]),
  );
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify(
      { name: 'one-layer-consumer', private: true, type: 'module', dependencies: { ...tarballs, ...peersOf(closure) } },
      null,
      2,
    ),
  );
  const install = run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--omit=optional', '--ignore-scripts', '--loglevel=error'],
    { cwd: consumer },
  );
  if (!install.ok) fail([`${manifest.name} alone: npm install failed:\n${install.output}`]);
  const installed =
    workspaceNames.size === 0 ? [] : [...workspaceNames].filter((name) => existsSync(join(consumer, 'node_modules', ...name.split('/'))));
  const extra = installed.filter((name) => !closure.includes(name));
  if (extra.length > 0) fail([`${manifest.name} alone also installs ${extra.join(', ')}`]);
  const specifiers = entryPoints(manifest);
  writeFileSync(join(consumer, 'import.mjs'), importScript(specifiers));
  const imported = run(process.execPath, ['import.mjs'], { cwd: consumer });
  if (!imported.ok) fail([`${manifest.name} alone: node cannot import its entry points:\n${imported.output}`]);
  log(
    `${manifest.name}@${manifest.version} alone: installs with ${closure.filter((name) => name !== manifest.name).join(', ') || 'no other workspace package'}, imports ${specifiers.join(', ')}`,
  );
}

/** Peer dependencies outside the workspace that the packages of a closure declare (the test kits' mocha and chai). */
function peersOf(closure) {
  return Object.fromEntries(
    manifests
      .filter((manifest) => closure.includes(manifest.name))
      .flatMap((manifest) => Object.entries(manifest.peerDependencies ?? {}))
      .filter(([name]) => !workspaceNames.has(name)),
  );
}

rmSync(workDir, { recursive: true, force: true });
console.log(`release dry run passed: ${manifests.map((manifest) => `${manifest.name}@${manifest.version}`).join(', ')} would be published`);
