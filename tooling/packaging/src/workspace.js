// The workspace as the packaging checks see it: the package folders pnpm-workspace.yaml lists, and
// which of them publish (those not marked private).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Folders of the workspace's packages, from the `dir/*` and `dir` entries of pnpm-workspace.yaml, relative to `root`. */
export function workspacePackageDirs(root) {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const block = /^packages:\s*\n((?:[ \t]+-.*\n?|[ \t]*#.*\n?)*)/m.exec(yaml)?.[1] ?? '';
  return [...block.matchAll(/^[ \t]+-[ \t]*['"]?([^'"\s#]+)['"]?/gm)]
    .map((match) => match[1])
    .flatMap((pattern) => {
      if (!pattern.endsWith('/*')) return [pattern];
      const parent = pattern.slice(0, -2);
      if (!existsSync(join(root, parent))) return [];
      return readdirSync(join(root, parent), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => `${parent}/${entry.name}`);
    })
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .sort();
}

/** The manifest of a package folder. */
export function readManifest(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

/** Absolute folders of the packages that publish (not `private`), in workspace order. */
export function publishablePackageDirs(root) {
  return workspacePackageDirs(root)
    .map((dir) => join(root, dir))
    .filter((dir) => !readManifest(dir).private);
}

/** The `@types/node` version of the pnpm catalog, which consumers in the checks type-check with. */
export function catalogTypesNode(root) {
  return /^\s+"?'?@types\/node'?"?:\s*(\S+)\s*$/m.exec(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8'))?.[1];
}
