#!/usr/bin/env node
// `proj-coverage <tier> -- <command…>`: runs a package's test command under c8, measuring the
// package's compiled dist/ through its source maps, and writes coverage/<tier>/coverage-final.json
// for the workspace gate (check-coverage.js). The command's exit code is passed through.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { exclusions } from '../coverage.config.js';

const [tier, separator, ...command] = process.argv.slice(2);
if (!tier || separator !== '--' || command.length === 0) {
  console.error('usage: proj-coverage <tier> -- <test command…>');
  process.exit(2);
}
for (const exclusion of exclusions) {
  if (!(exclusion.pattern || exclusion.typeOnlyModules) || !exclusion.reason?.trim()) {
    throw new Error(`coverage exclusion ${JSON.stringify(exclusion)} needs a pattern and a reason`);
  }
}

/** dist/ files whose code is nothing but `export {}` once comments are removed. */
function typeOnlyModules() {
  if (!existsSync('dist')) return [];
  return readdirSync('dist', { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .map((file) => join('dist', file).split('\\').join('/'))
    .filter((file) => {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '')
        .trim();
      return code === 'export {};';
    });
}

const excluded = exclusions.flatMap((exclusion) => (exclusion.typeOnlyModules ? typeOnlyModules() : [exclusion.pattern]));

const c8 = createRequire(import.meta.url).resolve('c8/bin/c8.js');
const reportDir = join('coverage', tier);
const tempDir = mkdtempSync(join(tmpdir(), 'proj-c8-'));
const registerDist = fileURLToPath(new URL('../src/register-dist.js', import.meta.url));
rmSync(reportDir, { recursive: true, force: true });

const args = [
  c8,
  '--reporter=json',
  '--reporter=text-summary',
  `--report-dir=${reportDir}`,
  `--temp-directory=${tempDir}`,
  // Files no test loaded count as uncovered.
  '--all',
  '--include=dist/**/*.js',
  ...excluded.map((pattern) => `--exclude=${pattern}`),
  // The gate is checked once for the whole workspace, not per tier.
  '--check-coverage=false',
  ...command,
];
const nodeOptions = [process.env.NODE_OPTIONS, `--import=${registerDist}`].filter(Boolean).join(' ');
const result = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: nodeOptions } });
rmSync(tempDir, { recursive: true, force: true });
if (result.error) throw result.error;
process.exit(result.status ?? 1);
