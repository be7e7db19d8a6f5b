// Every relative link of every Markdown file points at a file or folder that exists, and a link
// with `#anchor` into a Markdown file names a heading of that file.
import { dirname, join, normalize, relative, sep } from 'node:path';

import { anchors, exists, markdownFiles, read, withoutCodeBlocks } from './markdown.js';

/** Link targets of a document: inline `[text](target)`, images, and reference definitions. */
export function linkTargets(markdown) {
  const prose = withoutCodeBlocks(markdown).replace(/`[^`\n]*`/g, '');
  const targets = [];
  prose.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
      targets.push({ target: match[1], line: index + 1 });
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(line);
    if (definition) targets.push({ target: definition[1], line: index + 1 });
    for (const match of line.matchAll(/<(?:a|img)\s[^>]*(?:href|src)="([^"]+)"/g)) targets.push({ target: match[1], line: index + 1 });
  });
  return targets;
}

const EXTERNAL = /^([a-z][a-z0-9+.-]*:|\/\/)/i;

/** The broken relative links of the repository's Markdown, as `file:line → target (why)`. */
export function brokenLinks(root) {
  const problems = [];
  const anchorCache = new Map();
  const anchorsOf = (file) => {
    if (!anchorCache.has(file)) anchorCache.set(file, anchors(read(root, file)));
    return anchorCache.get(file);
  };
  for (const file of markdownFiles(root)) {
    for (const { target, line } of linkTargets(read(root, file))) {
      if (EXTERNAL.test(target)) continue;
      const [rawPath, fragment] = target.split('#', 2);
      const path = decodeURIComponent(rawPath.split('?')[0]);
      const resolved =
        path === ''
          ? file
          : relative(root, normalize(join(root, dirname(file), path)))
              .split(sep)
              .join('/');
      const where = `${file}:${line} → ${target}`;
      if (resolved.startsWith('..')) {
        problems.push(`${where} (outside the repository)`);
      } else if (!exists(join(root, resolved))) {
        problems.push(`${where} (no such file)`);
      } else if (fragment && resolved.endsWith('.md') && !anchorsOf(resolved).has(fragment)) {
        problems.push(`${where} (no heading #${fragment})`);
      }
    }
  }
  return problems;
}
