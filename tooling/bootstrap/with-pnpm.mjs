#!/usr/bin/env node
// Runs a pnpm command with the pnpm version pinned in the root package.json, installing that
// version first when it is not the one on PATH, then installing the workspace's dependencies from
// the lockfile. This is what lets a fresh clone with only Node.js run `npm start` and `npm test`.
//
//   node with-pnpm.mjs <pnpm args…> [--then <command> <args…>]
//
// `--then` runs a command of its own after the pnpm command succeeded, as this process's child
// (`npm start` builds with pnpm, then runs the server directly: no pnpm and no shell in between).
//
// Each child runs in a process group of its own, and gets SIGINT, SIGTERM and SIGHUP (all of its
// group, as a terminal would send them) when this process gets them; this process then ends as its
// child ended (its exit code, or the same signal). So stopping the process that started us
// (`kill <pid of npm start>`, or Ctrl-C) stops the whole chain, and nothing is left running.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const version = packageManager.replace(/^pnpm@/, '');
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * A signal that arrives twice within this time is one event: Ctrl-C reaches this process from the
 * terminal and again from npm, which forwards it. A second Ctrl-C later is forwarded again (the
 * server then stops at once instead of draining).
 */
const SAME_SIGNAL_MS = 500;

/** The child running now, which receives the signals this process receives. */
let current;
/** The first signal received: no further step starts once one has arrived. */
let stoppedBy;
const lastForwardedAt = new Map();

for (const signal of FORWARDED_SIGNALS) {
  process.on(signal, () => {
    stoppedBy ??= signal;
    const now = Date.now();
    if (now - (lastForwardedAt.get(signal) ?? -Infinity) < SAME_SIGNAL_MS) return;
    lastForwardedAt.set(signal, now);
    if (current) forward(current, signal);
  });
}

function forward(child, signal) {
  try {
    // The child's whole group: pnpm's and turbo's own children too.
    if (process.platform === 'win32') child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** Runs `command` as a child and resolves with how it ended. */
function run(command, args) {
  return new Promise((resolve, reject) => {
    // No stdin: a process group other than the terminal's must not read from it.
    const child = spawn(command, args, {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: process.platform !== 'win32',
      shell: process.platform === 'win32',
    });
    current = child;
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      current = undefined;
      resolve({ code, signal });
    });
  });
}

/** Ends this process as its child ended: with its exit code, or killed by the same signal. */
function endLike({ code, signal }) {
  if (signal) {
    for (const forwarded of FORWARDED_SIGNALS) process.removeAllListeners(forwarded);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
}

function installedPnpmVersion() {
  const result = spawnSync('pnpm', ['--version'], { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

const argv = process.argv.slice(2);
const thenAt = argv.indexOf('--then');
const pnpmArgs = thenAt === -1 ? argv : argv.slice(0, thenAt);
const then = thenAt === -1 ? [] : argv.slice(thenAt + 1);

// npx keeps the pinned version in its cache, so later runs start at once.
const pnpm = installedPnpmVersion() === version ? ['pnpm'] : ['npx', '--yes', `pnpm@${version}`];
const frozen = process.env.CI ? ['--frozen-lockfile'] : [];

const steps = [
  [pnpm[0], [...pnpm.slice(1), 'install', '--prefer-offline', ...frozen]],
  [pnpm[0], [...pnpm.slice(1), ...pnpmArgs]],
  ...(then.length > 0 ? [[then[0] === 'node' ? process.execPath : then[0], then.slice(1)]] : []),
];
for (const [index, [command, args]] of steps.entries()) {
  const ended = stoppedBy ? { code: null, signal: stoppedBy } : await run(command, args);
  if (ended.signal || ended.code !== 0 || index === steps.length - 1) {
    endLike(ended);
    break;
  }
}
