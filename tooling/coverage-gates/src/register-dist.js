// Loaded with `--import` under coverage: a test's import of the package's own src/x.ts runs the
// tsc output dist/x.js instead, so that c8 measures the code that ships, mapped back to the
// TypeScript through tsc's source maps (c8 over tsx's on-the-fly output is only approximate).
// Mocha loads test files with require() (Node has require(esm)), which tsx compiles to CommonJS,
// so both the CommonJS resolver and the ESM resolver are redirected.
import { existsSync } from 'node:fs';
import Module, { register } from 'node:module';
import { join, relative, sep } from 'node:path';

const packageDir = process.cwd();
const sourceDir = join(packageDir, 'src') + sep;
const distDir = join(packageDir, 'dist');

/** The compiled file for a path of the package's src/, or undefined for any other path. */
export function compiledPath(path) {
  if (!path.startsWith(sourceDir) || !/\.[cm]?ts$/.test(path)) return undefined;
  const compiled = join(distDir, relative(sourceDir, path)).replace(/\.([cm]?)ts$/, '.$1js');
  if (!existsSync(compiled)) {
    throw new Error(`${compiled} is missing: build the package (tsc -p tsconfig.build.json) before measuring coverage`);
  }
  return compiled;
}

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveToDist(...args) {
  const resolved = resolveFilename.apply(this, args);
  return compiledPath(resolved) ?? resolved;
};

register('./dist-redirect-hooks.js', import.meta.url, { data: { packageDir } });
