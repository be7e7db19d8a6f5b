// Every `pnpm …`, `npm …` and `npx …` command quoted in the documentation names a script that
// exists (in the root package.json, or in the package a `--filter`/`-C` selects), one of the
// package manager's own commands, or a binary the workspace installs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { codeFragments, markdownFiles, read } from './markdown.js';

/** pnpm's own commands (pnpm 10–12), which need no script. */
const PNPM_BUILTINS = new Set([
  'add',
  'approve-builds',
  'audit',
  'bin',
  'config',
  'create',
  'dedupe',
  'deploy',
  'dlx',
  'env',
  'exec',
  'fetch',
  'help',
  'i',
  'import',
  'init',
  'install',
  'licenses',
  'link',
  'list',
  'ls',
  'outdated',
  'pack',
  'patch',
  'prune',
  'publish',
  'rebuild',
  'remove',
  'rm',
  'root',
  'self-update',
  'setup',
  'store',
  'unlink',
  'up',
  'update',
  'why',
]);
/** npm's commands that run no script. */
const NPM_BUILTINS = new Set([
  'ci',
  'i',
  'install',
  'pack',
  'publish',
  'view',
  'exec',
  'init',
  'ls',
  'uninstall',
  'audit',
  'deprecate',
  'dedupe',
]);
/** pnpm options that take a value (`--filter X`), so the value is not read as the command. */
const PNPM_VALUE_OPTIONS = new Set(['--filter', '-F', '-C', '--dir', '--workspace-dir', '--reporter']);

/** A placeholder or pattern a reader fills in (`db:<command>`, `db:*`, `…`), not a name to check. */
const isPlaceholder = (word) => /[<>*…[\]{}$]/.test(word) || word === '...';

/** The workspace packages: name → { dir, scripts, bins }. */
export function workspacePackages(root) {
  const packages = new Map();
  const add = (dir) => {
    const file = join(root, dir, 'package.json');
    if (!existsSync(file)) return;
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    packages.set(manifest.name, { dir, scripts: manifest.scripts ?? {} });
  };
  add('.');
  for (const group of ['apps', 'packages', 'tooling']) {
    if (!existsSync(join(root, group))) continue;
    for (const name of readdirSync(join(root, group))) add(`${group}/${name}`);
  }
  return packages;
}

function binaryExists(root, packages, name) {
  return [...packages.values()].some(({ dir }) => existsSync(join(root, dir, 'node_modules', '.bin', name)));
}

/** The commands of one line of code: each `pnpm`, `npm` or `npx` word and the words after it. */
export function commandsIn(fragment) {
  const commands = [];
  for (const segment of fragment.replace(/\s#.*$/, '').split(/&&|\|\||[|;()`]/)) {
    const words = segment.trim().split(/\s+/).filter(Boolean);
    const start = words.findIndex((word) => word === 'pnpm' || word === 'npm' || word === 'npx');
    // Only a command at the start of the segment, possibly after VAR=value assignments or `$ `.
    if (start < 0 || !words.slice(0, start).every((word) => /^[A-Z_][A-Z0-9_]*=/.test(word) || word === '$')) continue;
    commands.push(words.slice(start));
  }
  return commands;
}

/** Why a command does not exist, or undefined when it does. */
export function problemWith(words, root, packages = workspacePackages(root)) {
  const [tool, ...rest] = words;
  const rootScripts = packages.get([...packages.entries()].find(([, p]) => p.dir === '.')?.[0])?.scripts ?? {};
  if (tool === 'npx') {
    const name = rest.find((word) => !word.startsWith('-'));
    if (!name || isPlaceholder(name) || /@\d/.test(name)) return undefined;
    return binaryExists(root, packages, name) ? undefined : `no binary \`${name}\` is installed`;
  }
  if (tool === 'npm') {
    const [command, script] = rest;
    if (!command || isPlaceholder(command) || command.startsWith('-') || NPM_BUILTINS.has(command)) return undefined;
    if (command === 'run' || command === 'run-script') {
      if (!script || isPlaceholder(script)) return undefined;
      return script in rootScripts ? undefined : `no root script \`${script}\``;
    }
    if (command === 'start' || command === 'test') return command in rootScripts ? undefined : `no root script \`${command}\``;
    return `\`npm ${command}\` is neither a script nor an npm command the docs allow`;
  }
  let target = rootScripts;
  let targetName = 'the root package';
  let index = 0;
  while (index < rest.length && rest[index].startsWith('-')) {
    const option = rest[index];
    const [flag, inlineValue] = option.split('=', 2);
    const value = inlineValue ?? (PNPM_VALUE_OPTIONS.has(flag) ? rest[index + 1] : undefined);
    if (flag === '--filter' || flag === '-F') {
      const selected = packages.get(value?.replace(/\.\.\.$|^\.\.\./g, '') ?? '');
      if (!selected) return value && isPlaceholder(value) ? undefined : `no workspace package \`${value}\``;
      target = selected.scripts;
      targetName = value;
    }
    if (flag === '-C' || flag === '--dir') {
      const selected = [...packages.entries()].find(([, p]) => p.dir === value?.replace(/\/$/, ''));
      if (!selected) return `no workspace package in \`${value}\``;
      target = selected[1].scripts;
      targetName = selected[0];
    }
    index += PNPM_VALUE_OPTIONS.has(flag) && inlineValue === undefined ? 2 : 1;
  }
  let command = rest[index];
  if (!command || isPlaceholder(command) || /^pnpm@/.test(command)) return undefined;
  if (command === 'run') {
    command = rest[index + 1];
    if (!command || isPlaceholder(command)) return undefined;
    return command in target ? undefined : `no script \`${command}\` in ${targetName}`;
  }
  if (command === 'exec') {
    const name = rest[index + 1];
    if (!name || isPlaceholder(name)) return undefined;
    return binaryExists(root, packages, name) ? undefined : `no binary \`${name}\` is installed`;
  }
  if (command in target || PNPM_BUILTINS.has(command)) return undefined;
  return `no script \`${command}\` in ${targetName}, and pnpm has no such command`;
}

/** Commands quoted in the repository's Markdown that do not exist, as `file: command (why)`. */
export function missingCommands(root) {
  const packages = workspacePackages(root);
  const problems = [];
  for (const file of markdownFiles(root)) {
    if (file.startsWith('docs/decisions/')) continue; // records are history: they quote what was true then
    for (const fragment of codeFragments(read(root, file))) {
      for (const words of commandsIn(fragment)) {
        const problem = problemWith(words, root, packages);
        if (problem) problems.push(`${file}: \`${words.join(' ')}\` (${problem})`);
      }
    }
  }
  return [...new Set(problems)];
}
