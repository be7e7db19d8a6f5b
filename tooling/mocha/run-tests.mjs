#!/usr/bin/env node
// Runs tests of one package, or one test file, against the current sources:
//   pnpm test:package <package name or folder> [--tier unit|integration|e2e] [mocha options…]
//   pnpm test:file <path of a test file> [mocha options…]
// First builds what the package imports (turbo, cached: the dependencies' dist/ must be current),
// then runs mocha in the package with the same --require files as its suite (so an e2e file gets
// the hooks that start and stop PostgreSQL and Redis), without coverage, so that the package's own
// TypeScript sources are what runs. The tiers come from the package's scripts (`test`,
// `test:integration`, `test:e2e`): one definition for the suite and for this runner.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TIER_SCRIPTS = { unit: 'test', integration: 'test:integration', e2e: 'test:e2e' };
const USAGE = `usage: pnpm test:package <package name or folder> [--tier unit|integration|e2e] [mocha options…]
       pnpm test:file <test file> [mocha options…]`;

function fail(message) {
  console.error(message);
  process.exit(2);
}

/** Workspace packages by name and by folder. */
function workspacePackages() {
  const packages = [];
  for (const group of ['packages', 'apps', 'tooling']) {
    const listing = spawnSync('ls', [join(root, group)], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean);
    for (const name of listing) {
      const manifestPath = join(root, group, name, 'package.json');
      if (existsSync(manifestPath))
        packages.push({ dir: join(root, group, name), manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) });
    }
  }
  return packages;
}

/** The mocha arguments of a tier's script: its --require files and its spec glob. */
export function mochaArguments(script) {
  const words = script.match(/'[^']*'|"[^"]*"|\S+/g) ?? [];
  const start = words.indexOf('mocha');
  if (start < 0) return undefined;
  const args = [];
  const specs = [];
  for (let index = start + 1; index < words.length; index += 1) {
    const word = words[index].replace(/^['"]|['"]$/g, '');
    if (word === '--reporter-option' || word === '--reporter') {
      index += 1;
    } else if (word === '--require' || word === '-r') {
      args.push('--require', words[index + 1]);
      index += 1;
    } else if (word.startsWith('-')) {
      args.push(word);
    } else {
      specs.push(word);
    }
  }
  return { args, specs };
}

/** Builds the package and what it imports (turbo, cached), quietly unless it fails. */
function build(packageName) {
  const turbo = join(root, 'node_modules', '.bin', 'turbo');
  console.error(`building ${packageName} and its dependencies (turbo, cached)…`);
  const result = spawnSync(turbo, ['run', 'build', `--filter=${packageName}...`, '--output-logs=errors-only'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Runs mocha in the package; forwards SIGINT and SIGTERM so that its hooks can stop what they started. */
function runMocha(packageDir, args) {
  return new Promise((resolveExit) => {
    const mocha = join(packageDir, 'node_modules', 'mocha', 'bin', 'mocha.js');
    const child = spawn(process.execPath, [mocha, '--reporter', 'spec', ...args], { cwd: packageDir, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolveExit(code ?? (signal ? 1 : 0));
    });
  });
}

async function main(argv) {
  const [mode, target, ...rest] = argv;
  if (!target || !['package', 'file'].includes(mode)) fail(USAGE);
  const packages = workspacePackages();
  let selected;
  let tiers;
  let extra = rest;
  let file;
  if (mode === 'package') {
    selected = packages.find((p) => p.manifest.name === target || p.dir === resolve(target));
    if (!selected) fail(`no workspace package named or in ${target}\n${USAGE}`);
    const tierFlag = rest.indexOf('--tier');
    tiers = tierFlag >= 0 ? [rest[tierFlag + 1]] : Object.keys(TIER_SCRIPTS);
    if (tierFlag >= 0) extra = rest.filter((_, index) => index !== tierFlag && index !== tierFlag + 1);
    if (tiers.some((tier) => !(tier in TIER_SCRIPTS))) fail(USAGE);
  } else {
    file = resolve(target);
    if (!existsSync(file)) fail(`no such file: ${target}`);
    selected = packages.filter((p) => file.startsWith(p.dir + sep)).sort((a, b) => b.dir.length - a.dir.length)[0];
    if (!selected) fail(`${target} is not in a workspace package`);
    const tier = relative(selected.dir, file).split(sep)[1];
    if (!(tier in TIER_SCRIPTS)) fail(`${target} is not under test/unit, test/integration or test/e2e`);
    tiers = [tier];
  }
  build(selected.manifest.name);
  let exitCode = 0;
  for (const tier of tiers) {
    const script = selected.manifest.scripts?.[TIER_SCRIPTS[tier]];
    const parsed = script ? mochaArguments(script) : undefined;
    if (!parsed) {
      if (mode === 'file') fail(`${selected.manifest.name} has no ${TIER_SCRIPTS[tier]} script that runs mocha`);
      continue;
    }
    console.error(`${selected.manifest.name}: ${tier} tests${file ? ` in ${relative(selected.dir, file)}` : ''}`);
    const code = await runMocha(selected.dir, [...parsed.args, ...extra, ...(file ? [file] : parsed.specs)]);
    if (code !== 0) exitCode = code;
  }
  process.exit(exitCode);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
