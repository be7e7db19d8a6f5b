#!/usr/bin/env node
// Runs a pnpm command with the pnpm version pinned in the root package.json, installing that
// version first when it is not the one on PATH, then installing the workspace's dependencies from
// the lockfile. This is what lets a fresh clone with only Node.js run `npm start` and `npm test`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const version = packageManager.replace(/^pnpm@/, '');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function installedPnpmVersion() {
  const result = spawnSync('pnpm', ['--version'], { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

let pnpm = ['pnpm'];
if (installedPnpmVersion() !== version) {
  // npx keeps the pinned version in its cache, so later runs start at once.
  pnpm = ['npx', '--yes', `pnpm@${version}`];
}
const exec = (args) => run(pnpm[0], [...pnpm.slice(1), ...args]);

const frozen = process.env.CI ? ['--frozen-lockfile'] : [];
const installStatus = exec(['install', '--prefer-offline', ...frozen]);
if (installStatus !== 0) process.exit(installStatus);
process.exit(exec(process.argv.slice(2)));
