// Module resolution hook for register-dist.js: <package>/src/**/*.ts -> <package>/dist/**/*.js.
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

let sourceDir;
let distDir;

export function initialize({ packageDir }) {
  sourceDir = join(packageDir, 'src') + sep;
  distDir = join(packageDir, 'dist');
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (!resolved.url.startsWith('file:')) return resolved;
  const path = fileURLToPath(resolved.url);
  if (!path.startsWith(sourceDir) || !/\.[cm]?ts$/.test(path)) return resolved;
  const compiled = join(distDir, relative(sourceDir, path)).replace(/\.([cm]?)ts$/, '.$1js');
  if (!existsSync(compiled)) {
    throw new Error(`${compiled} is missing: build the package (tsc -p tsconfig.build.json) before measuring coverage`);
  }
  return { ...resolved, url: pathToFileURL(compiled).href, format: 'module' };
}
