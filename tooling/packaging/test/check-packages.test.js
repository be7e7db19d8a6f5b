// The pack-install-import check on a small sample package made for each test: it passes when the
// package is whole, and fails, naming the problem, when a dist file or a declared export is missing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { expect } from 'chai';

import { checkPackages, entryPoints, importScript, inspectTarball } from '../src/check-packages.js';

function write(path, content) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** A publishable ESM package with two entry points; `index.js` imports an internal helper. */
function makeSamplePackage(root) {
  const dir = join(root, 'sample');
  write(
    join(dir, 'package.json'),
    JSON.stringify({
      name: '@proj-sample/greeting',
      version: '1.0.0',
      type: 'module',
      license: 'MIT',
      files: ['dist', 'README.md'],
      exports: {
        '.': { types: './dist/index.d.ts', default: './dist/index.js' },
        './shout': { types: './dist/shout.d.ts', default: './dist/shout.js' },
        './package.json': './package.json',
      },
    }),
  );
  write(join(dir, 'README.md'), '# greeting\n');
  write(join(dir, 'dist', 'helper.js'), "export const prefix = 'Hello, ';\n");
  write(
    join(dir, 'dist', 'index.js'),
    "import { prefix } from './helper.js';\nexport function greet(name) {\n  return prefix + name;\n}\n",
  );
  write(join(dir, 'dist', 'index.d.ts'), 'export declare function greet(name: string): string;\n');
  write(join(dir, 'dist', 'shout.js'), 'export function shout(text) {\n  return text.toUpperCase();\n}\n');
  write(join(dir, 'dist', 'shout.d.ts'), 'export declare function shout(text: string): string;\n');
  return dir;
}

describe('pack-install-import check', function () {
  // pnpm pack, npm install and tsc on a shared, busy machine.
  this.timeout(120_000);
  let root;
  let sample;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'proj-pack-test-'));
    sample = makeSamplePackage(root);
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  const check = () => checkPackages({ packageDirs: [sample], workDir: join(root, 'work'), lint: false });

  /** Removes `file` from the sample's dist/, runs the check, which must fail, and returns its problems as one text. */
  function problemsWithout(file) {
    rmSync(join(sample, 'dist', file));
    const result = check();
    expect(result.ok).to.equal(false);
    return result.problems.join('\n');
  }

  describe('when the package is whole', () => {
    it('packs, installs, type-checks and imports every entry point', () => {
      const result = check();
      expect(result.problems).to.deep.equal([]);
      expect(result.ok).to.equal(true);
    });
  });

  describe('when a file a declared export points at is missing from dist', () => {
    it('fails naming the export and the file', () => {
      expect(problemsWithout('shout.js')).to.contain('export "./shout" points at ./dist/shout.js, which is not in the tarball');
    });
  });

  describe('when a dist file that an entry point imports is missing', () => {
    it('fails because node cannot import the entry point', () => {
      expect(problemsWithout('helper.js')).to.match(/node cannot import the entry points[\s\S]*helper\.js/);
    });
  });

  describe('when the declarations of an export are missing', () => {
    it('fails naming the export and its declaration file', () => {
      expect(problemsWithout('shout.d.ts')).to.contain('export "./shout" points at ./dist/shout.d.ts, which is not in the tarball');
    });
  });
});

describe('inspectTarball', () => {
  const manifest = { name: 'x', exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } } };
  const files = ['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts'];

  it('accepts dist, README.md and package.json with every export present', () => {
    expect(inspectTarball(manifest, files)).to.deep.equal([]);
  });

  it('rejects any other file', () => {
    expect(inspectTarball(manifest, [...files, 'src/index.ts'])).to.deep.equal([
      'src/index.ts should not be published (only dist/, README.md, package.json and files the exports map names)',
    ]);
  });

  it('accepts a file outside dist/ that the exports map names, such as a published OpenAPI document', () => {
    const withDocument = { ...manifest, exports: { ...manifest.exports, './openapi.json': './openapi.json' } };
    expect(inspectTarball(withDocument, [...files, 'openapi.json'])).to.deep.equal([]);
    expect(inspectTarball(manifest, [...files, 'openapi.json'])).to.have.length(1);
  });

  it('rejects workspace: and catalog: ranges that a registry cannot resolve', () => {
    const problems = inspectTarball({ ...manifest, dependencies: { a: 'workspace:^', b: 'catalog:', c: '^1.0.0' } }, files);
    expect(problems).to.deep.equal([
      'dependencies.a is "workspace:^", which a registry cannot resolve',
      'dependencies.b is "catalog:", which a registry cannot resolve',
    ]);
  });

  it('requires a README', () => {
    expect(
      inspectTarball(
        manifest,
        files.filter((file) => file !== 'README.md'),
      ),
    ).to.deep.equal(['README.md is missing']);
  });
});

describe('entryPoints', () => {
  it('lists one specifier per exports subpath, without ./package.json', () => {
    expect(
      entryPoints({ name: '@a/b', exports: { '.': './i.js', './errors': './e.js', './package.json': './package.json' } }),
    ).to.deep.equal(['@a/b', '@a/b/errors']);
  });
});

describe('importScript', () => {
  it('imports JSON documents with an import attribute and modules plainly', () => {
    const script = importScript(['@a/api', '@a/api/openapi.json']);
    expect(script).to.contain('["@a/api","@a/api/openapi.json"]');
    expect(script).to.contain("import(specifier, { with: { type: 'json' } })");
  });
});
