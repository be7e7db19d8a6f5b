// Proves that layer packages publish: each is packed with `pnpm pack`, its tarball is inspected
// (only dist/, README.md and package.json; no workspace: or catalog: ranges; every export target
// present), linted with publint and are-the-types-wrong, then all tarballs are installed together
// into a scratch project outside the workspace, where every entry point is type-checked with tsc
// and imported with node.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ALLOWED_FILES = [/^package\.json$/, /^README\.md$/, /^dist\/.+/];
const UNPUBLISHABLE_RANGE = /^(workspace|catalog|link|file):/;
const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'];

export function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw result.error;
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

/** The path of a bin script of one of this package's own dependencies. */
function binary(packageName, bin) {
  const manifestPath = join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules', packageName, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const relative = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[bin];
  return join(manifestPath, '..', relative);
}

/** Every file path an `exports` value points at, with the subpath it belongs to. */
export function exportTargets(exportsField) {
  const targets = [];
  const visit = (subpath, value) => {
    if (typeof value === 'string') targets.push({ subpath, target: value });
    else if (Array.isArray(value)) value.forEach((item) => visit(subpath, item));
    else if (value && typeof value === 'object') Object.values(value).forEach((item) => visit(subpath, item));
  };
  if (typeof exportsField === 'string' || Array.isArray(exportsField)) visit('.', exportsField);
  else for (const [subpath, value] of Object.entries(exportsField ?? {})) visit(subpath.startsWith('.') ? subpath : '.', value);
  return targets;
}

/** The import specifiers a consumer can use: one per `exports` subpath, except ./package.json. */
export function entryPoints(manifest) {
  if (!manifest.exports) return [manifest.name];
  const subpaths =
    typeof manifest.exports === 'object' && Object.keys(manifest.exports).some((key) => key.startsWith('.'))
      ? Object.keys(manifest.exports)
      : ['.'];
  return subpaths
    .filter((subpath) => subpath !== './package.json' && !subpath.includes('*'))
    .map((subpath) => manifest.name + subpath.slice(1));
}

/** A module that imports every entry point (JSON documents with an import attribute) and fails on one that exports nothing. */
export function importScript(specifiers) {
  return `for (const specifier of ${JSON.stringify(specifiers)}) {
  const namespace = await (specifier.endsWith('.json') ? import(specifier, { with: { type: 'json' } }) : import(specifier));
  if (Object.keys(namespace).length === 0) throw new Error(specifier + ' exports nothing');
}
`;
}

/**
 * Problems with a packed manifest and file list (paths relative to the package root).
 * @returns {string[]}
 */
export function inspectTarball(manifest, files) {
  const problems = [];
  const exported = new Set(exportTargets(manifest.exports).map(({ target }) => target.replace(/^\.\//, '')));
  for (const file of files) {
    if (!ALLOWED_FILES.some((pattern) => pattern.test(file)) && !exported.has(file))
      problems.push(`${file} should not be published (only dist/, README.md, package.json and files the exports map names)`);
  }
  if (!files.includes('README.md')) problems.push('README.md is missing');
  if (!files.some((file) => file.startsWith('dist/'))) problems.push('dist/ is missing: build before packing');
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (UNPUBLISHABLE_RANGE.test(range)) problems.push(`${field}.${name} is "${range}", which a registry cannot resolve`);
    }
  }
  for (const { subpath, target } of exportTargets(manifest.exports)) {
    const path = target.replace(/^\.\//, '');
    if (!path.includes('*') && !files.includes(path)) problems.push(`export "${subpath}" points at ${target}, which is not in the tarball`);
  }
  return problems;
}

function pack(packageDir, destination) {
  const before = new Set(readdirSync(destination));
  const result = run('pnpm', ['pack', '--pack-destination', destination], { cwd: packageDir });
  if (!result.ok) throw new Error(`pnpm pack failed in ${packageDir}:\n${result.output}`);
  const created = readdirSync(destination).filter((file) => file.endsWith('.tgz') && !before.has(file));
  if (created.length !== 1) throw new Error(`pnpm pack in ${packageDir} made ${created.length} tarballs`);
  return join(destination, created[0]);
}

function readTarball(tarball) {
  const list = run('tar', ['-tzf', tarball]);
  if (!list.ok) throw new Error(`cannot list ${tarball}: ${list.output}`);
  const files = list.output
    .split('\n')
    .filter((line) => line && !line.endsWith('/'))
    .map((line) => line.replace(/^package\//, ''));
  const manifest = run('tar', ['-xzOf', tarball, 'package/package.json']);
  if (!manifest.ok) throw new Error(`no package.json in ${tarball}`);
  return { files, manifest: JSON.parse(manifest.output) };
}

/** The peer dependencies a consumer installs next to the packages (those not among the packages themselves), with their ranges. */
function peerVersions(manifests) {
  const peers = {};
  for (const manifest of manifests) {
    for (const name of Object.keys(manifest.peerDependencies ?? {})) {
      if (manifests.some((other) => other.name === name)) continue;
      peers[name] = manifest.peerDependencies[name];
    }
  }
  return peers;
}

/**
 * Packs, lints, installs and imports the packages in `packageDirs`.
 * @param {{ packageDirs: string[], workDir: string, typesVersions?: Record<string, string>, lint?: boolean, log?: (line: string) => void }} options
 * @returns {{ ok: boolean, problems: string[], packed: { tarball: string, manifest: object }[] }}
 */
export function checkPackages({ packageDirs, workDir, typesVersions = {}, lint = true, log = () => {} }) {
  const problems = [];
  const tarballDir = join(workDir, 'tarballs');
  const consumerDir = join(workDir, 'consumer');
  mkdirSync(tarballDir, { recursive: true });
  mkdirSync(consumerDir, { recursive: true });

  const packed = packageDirs.map((packageDir) => {
    const tarball = pack(packageDir, tarballDir);
    const { manifest, files } = readTarball(tarball);
    log(`packed ${manifest.name}@${manifest.version}: ${files.length} files`);
    problems.push(...inspectTarball(manifest, files).map((problem) => `${manifest.name}: ${problem}`));
    if (lint) {
      const publint = run(process.execPath, [binary('publint', 'publint'), 'run', tarball, '--strict']);
      if (!publint.ok) problems.push(`${manifest.name}: publint:\n${publint.output}`);
      const attw = run(process.execPath, [binary('@arethetypeswrong/cli', 'attw'), tarball, '--profile', 'esm-only', '--format', 'ascii']);
      if (!attw.ok) problems.push(`${manifest.name}: are-the-types-wrong:\n${attw.output}`);
    }
    return { tarball, manifest };
  });
  if (problems.length > 0) return { ok: false, problems, packed };

  const manifests = packed.map(({ manifest }) => manifest);
  const specifiers = manifests.flatMap(entryPoints);
  writeFileSync(
    join(consumerDir, 'package.json'),
    JSON.stringify(
      {
        name: 'pack-check-consumer',
        private: true,
        type: 'module',
        dependencies: {
          ...Object.fromEntries(packed.map(({ tarball, manifest }) => [manifest.name, `file:${tarball}`])),
          ...peerVersions(manifests),
          ...typesVersions,
        },
      },
      null,
      2,
    ),
  );
  // Third-party dependencies come from the registry, as they would for any consumer; optional ones
  // (the embedded PostgreSQL binaries) and install scripts are not needed to import the packages.
  const install = run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--omit=optional', '--ignore-scripts', '--loglevel=error'],
    {
      cwd: consumerDir,
    },
  );
  if (!install.ok) return { ok: false, problems: [`npm install of the tarballs failed:\n${install.output}`], packed };
  log(`installed ${packed.length} tarballs into ${consumerDir}`);

  writeFileSync(
    join(consumerDir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2023',
        lib: ['ES2023'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        // Check the packages' declaration files too, as a consumer with skipLibCheck off would.
        skipLibCheck: false,
        noEmit: true,
        types: Object.keys(typesVersions).map((name) => name.replace(/^@types\//, '')),
      },
      files: ['entry-points.ts'],
    }),
  );
  writeFileSync(
    join(consumerDir, 'entry-points.ts'),
    specifiers
      .map((specifier, index) =>
        specifier.endsWith('.json')
          ? `export { default as entry${index} } from '${specifier}' with { type: 'json' };`
          : `export * as entry${index} from '${specifier}';`,
      )
      .join('\n') + '\n',
  );
  const typecheck = run(process.execPath, [binary('typescript', 'tsc'), '-p', 'tsconfig.json'], { cwd: consumerDir });
  if (!typecheck.ok) problems.push(`tsc cannot type-check the entry points in ${consumerDir}:\n${typecheck.output}`);
  else log(`type-checked ${specifiers.length} entry points: ${specifiers.join(', ')}`);

  writeFileSync(join(consumerDir, 'import-entry-points.mjs'), importScript(specifiers));
  const imported = run(process.execPath, ['import-entry-points.mjs'], { cwd: consumerDir });
  if (!imported.ok) problems.push(`node cannot import the entry points in ${consumerDir}:\n${imported.output}`);
  else log(`imported ${specifiers.length} entry points with node`);

  return { ok: problems.length === 0, problems, packed };
}
