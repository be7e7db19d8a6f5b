// The TypeScript examples of the layer packages' READMEs compile against the packages as they are
// built now. Each ```ts block is a module of its own: it imports what it uses and declares its
// inputs (`declare const logger: Logger;`). A block meant as a fragment uses another info string.
// The README's entry-point table is checked the same way: every `Name` quoted in a row of an entry
// point (a first cell such as `@proj/application/edge`, or blank to continue the one above) must be
// exported by it.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import ts from 'typescript';

import { codeBlocks, exists } from './markdown.js';

const TYPESCRIPT_INFO = new Set(['ts', 'typescript']);

/** The ```ts blocks of a package README, with the line each starts on. */
export function typescriptBlocks(markdown) {
  return codeBlocks(markdown).filter((block) => TYPESCRIPT_INFO.has(block.info));
}

const ENTRY_POINT_CELL = /^`(@proj\/[\w./-]+)`$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** One module per entry-point table row: `export type { A, b } from '<entry point>';`, with its line. */
export function entryPointTableBlocks(markdown) {
  const blocks = [];
  let entry;
  markdown.split('\n').forEach((text, line) => {
    if (!text.startsWith('|')) {
      entry = undefined;
      return;
    }
    const cells = text
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const first = ENTRY_POINT_CELL.exec(cells[0] ?? '');
    if (first) entry = first[1];
    else if (cells[0] !== '') entry = undefined;
    if (entry === undefined) return;
    const names = [...(cells.at(-1) ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1]).filter((name) => IDENTIFIER.test(name));
    if (names.length > 0) blocks.push({ line, code: `export type { ${names.join(', ')} } from '${entry}';` });
  });
  return blocks;
}

/**
 * A scratch project whose node_modules holds what the package itself can resolve, plus the
 * package under its own name, so that the blocks import it as a consumer would.
 */
function scratchProject(root, packageDir) {
  const dir = mkdtempSync(join(tmpdir(), 'proj-readme-'));
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '@proj'), { recursive: true });
  const own = join(root, packageDir, 'node_modules');
  for (const entry of exists(own) ? readdirSync(own) : []) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      mkdirSync(join(modules, entry), { recursive: true });
      for (const scoped of readdirSync(join(own, entry))) symlinkSync(join(own, entry, scoped), join(modules, entry, scoped), 'dir');
    } else {
      symlinkSync(join(own, entry), join(modules, entry), 'dir');
    }
  }
  // Node's types, for blocks that read `process.env` and the like, whether or not the package has them.
  const nodeTypes = dirname(createRequire(import.meta.url).resolve('@types/node/package.json'));
  if (!readdirSync(modules).includes('@types') || !readdirSync(join(modules, '@types')).includes('node')) {
    mkdirSync(join(modules, '@types'), { recursive: true });
    symlinkSync(nodeTypes, join(modules, '@types', 'node'), 'dir');
  }
  const manifest = JSON.parse(readFileSync(join(root, packageDir, 'package.json'), 'utf8'));
  const [, name] = manifest.name.split('/');
  if (!exists(join(modules, '@proj', name))) symlinkSync(join(root, packageDir), join(modules, '@proj', name), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'readme-examples', type: 'module', private: true }));
  return dir;
}

/** Type errors of the package README's ```ts blocks, as `README.md block at line N: message`. */
export function readmeTypeErrors(repositoryRoot, packageDir) {
  const root = resolve(repositoryRoot);
  const readme = join(root, packageDir, 'README.md');
  if (!exists(readme)) return [];
  const markdown = readFileSync(readme, 'utf8');
  const blocks = [...typescriptBlocks(markdown), ...entryPointTableBlocks(markdown)];
  if (blocks.length === 0) return [];
  const dir = scratchProject(root, packageDir);
  try {
    const files = blocks.map((block, index) => {
      const file = join(dir, `block-${index}.ts`);
      writeFileSync(file, `${block.code}\nexport {};\n`);
      return { file, block };
    });
    const program = ts.createProgram(
      files.map(({ file }) => file),
      {
        target: ts.ScriptTarget.ES2023,
        lib: ['lib.es2023.d.ts'],
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(dir, 'node_modules', '@types')],
        noUnusedLocals: false,
      },
    );
    return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const owner = files.find(({ file }) => diagnostic.file?.fileName === file);
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      if (!owner || !diagnostic.file || diagnostic.start === undefined) return `${packageDir}/README.md: ${message}`;
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return `${packageDir}/README.md:${owner.block.line + 1 + line}: ${message}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
