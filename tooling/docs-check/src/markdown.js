// Reading Markdown the way the checks need it: which files are documentation, their prose (with
// code removed), their code (inline spans and fenced blocks), and the anchors their headings make.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Folders never searched for documentation: tool output, dependencies and test fixtures. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage', '.git', '.turbo', '.test-results', 'fixtures', 'results', '.data']);

/**
 * The files of a repository: git's tracked and untracked-but-not-ignored files (a walk outside a
 * checkout), less tool output, dependencies and test fixtures.
 */
export function repositoryFiles(root) {
  let files;
  try {
    files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .split('\0')
      .filter(Boolean)
      .filter((file) => existsSync(join(root, file)));
  } catch {
    files = walk(root, root);
  }
  return files.filter((file) => !file.split('/').some((part) => SKIPPED_DIRS.has(part))).sort();
}

/** The Markdown files of a repository, change logs (written by a tool) left out. */
export function markdownFiles(root) {
  return repositoryFiles(root)
    .filter((file) => file.endsWith('.md'))
    .filter((file) => !/(^|\/)CHANGELOG\.md$/.test(file));
}

function walk(root, dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : walk(root, join(dir, entry.name));
    return [relative(root, join(dir, entry.name)).split(sep).join('/')];
  });
}

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;

/** Fenced code blocks with their info string (`sh`, `ts`, …) and the line they start on. */
export function codeBlocks(markdown) {
  const blocks = [];
  let open;
  markdown.split('\n').forEach((line, index) => {
    const fence = FENCE.exec(line);
    if (!open) {
      if (fence) open = { marker: fence[2], info: fence[3].trim().split(/\s+/)[0] ?? '', line: index + 1, lines: [] };
      return;
    }
    if (fence && fence[2].startsWith(open.marker[0]) && fence[2].length >= open.marker.length && fence[3].trim() === '') {
      blocks.push({ info: open.info, line: open.line, code: open.lines.join('\n') });
      open = undefined;
      return;
    }
    open.lines.push(line);
  });
  return blocks;
}

/** The text outside fenced blocks, line numbers kept (fenced lines become empty). */
export function withoutCodeBlocks(markdown) {
  let inside = false;
  let marker = '';
  return markdown
    .split('\n')
    .map((line) => {
      const fence = FENCE.exec(line);
      if (!inside && fence) {
        inside = true;
        marker = fence[2];
        return '';
      }
      if (inside) {
        if (fence && fence[2].startsWith(marker[0]) && fence[2].length >= marker.length && fence[3].trim() === '') inside = false;
        return '';
      }
      return line;
    })
    .join('\n');
}

/** Inline code spans of the prose (single or double backticks). */
export function inlineCode(markdown) {
  const spans = [];
  const prose = withoutCodeBlocks(markdown);
  for (const match of prose.matchAll(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g)) spans.push(match[2].trim());
  return spans;
}

/** Every piece of code a reader might copy: inline spans and the lines of fenced blocks. */
export function codeFragments(markdown) {
  return [...inlineCode(markdown), ...codeBlocks(markdown).flatMap((block) => block.code.split('\n'))];
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[`*_~[\]()]/g, (character) => (character === '_' ? '_' : ''))
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors the headings of a document make, numbered like GitHub's when repeated. */
export function anchors(markdown) {
  const seen = new Map();
  const result = new Set();
  for (const line of withoutCodeBlocks(markdown).split('\n')) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  for (const match of markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) result.add(match[1]);
  return result;
}

/** Reads a file as text. */
export function read(root, file) {
  return readFileSync(join(root, file), 'utf8');
}

/** True when the path exists (file or folder). */
export function exists(path) {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
