// Runs the architecture rules over one package (its src, test and scripts folders) and its manifest,
// and reports the violations with the rule that was broken and the file that broke it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import { cruise, format, getAvailableTranspilers } from 'dependency-cruiser';

import { dataAccessViolations } from './data-access-tools.js';
import { createRuleSet, cruiseOptions, discoverBoundedContexts } from './rules.js';

const CHECKED_FOLDERS = ['src', 'test', 'scripts'];

/** The nearest folder at or above `start` holding pnpm-workspace.yaml. */
export function findWorkspaceRoot(start) {
  let dir = start;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml at or above ${start}`);
    dir = parent;
  }
  return dir;
}

/**
 * Checks the package in `packageDir` against the rules.
 * @returns {{ ok: boolean, report: string, modulesCruised: number }}
 */
export async function checkArchitecture({ root, packageDir }) {
  const typescript = getAvailableTranspilers().find((t) => t.name === 'typescript');
  if (!typescript?.available) {
    // Without a supported compiler dependency-cruiser would silently read no TypeScript at all.
    throw new Error(`dependency-cruiser cannot load a supported TypeScript (${typescript?.version ?? 'unknown range'})`);
  }
  const packagePath = relative(root, packageDir).split('\\').join('/');
  const manifest = join(packageDir, 'package.json');
  const declared = existsSync(manifest)
    ? dataAccessViolations(JSON.parse(readFileSync(manifest, 'utf8')), `${packagePath}/package.json`)
    : [];
  const withManifest = (result) =>
    declared.length === 0 ? result : { ...result, ok: false, report: [...declared, result.ok ? '' : result.report].join('\n').trim() };
  const targets = CHECKED_FOLDERS.map((folder) => `${packagePath}/${folder}`).filter((target) => existsSync(join(root, target)));
  if (targets.length === 0) return withManifest({ ok: true, report: `${packagePath}: nothing to check`, modulesCruised: 0 });

  const ruleSet = createRuleSet({ boundedContexts: discoverBoundedContexts(root) });
  const previousDirectory = process.cwd();
  // dependency-cruiser resolves the targets relative to the working directory.
  process.chdir(root);
  try {
    const { output: result } = await cruise(targets, cruiseOptions(root, ruleSet));
    const modulesCruised = result.summary.totalCruised;
    if (modulesCruised === 0) throw new Error(`dependency-cruiser found no modules in ${targets.join(', ')}`);
    const { output: report, exitCode } = await format(result, { outputType: 'err-long' });
    return withManifest({ ok: exitCode === 0, report: String(report), modulesCruised });
  } finally {
    process.chdir(previousDirectory);
  }
}
