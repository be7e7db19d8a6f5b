#!/usr/bin/env node
// `one-at-a-time.mjs <command…>`: runs the command once no other full test run of this project is
// running on the machine (two worktrees, or a developer's `npm test` beside CI's). The suites have
// time limits sized for one run per machine; two at once on two cores make both fail on timeouts.
// The lock is a directory in the system's temporary folder holding the owner's pid; a lock whose
// owner is gone (killed with SIGKILL) is taken over. Signals are forwarded to the command's process group.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const LOCK = join(tmpdir(), 'proj-full-test-run.lock');
const POLL_MS = 2_000;

function ownerOf() {
  try {
    return Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
  } catch {
    return undefined;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

async function acquire() {
  let told = false;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const owner = ownerOf();
    if (owner !== undefined && !alive(owner)) {
      rmSync(LOCK, { recursive: true, force: true });
      continue;
    }
    if (!told) {
      console.error(`waiting for another full test run on this machine (pid ${owner ?? 'starting'}) to finish…`);
      told = true;
    }
    await sleep(POLL_MS);
  }
}

function release() {
  if (ownerOf() === process.pid) rmSync(LOCK, { recursive: true, force: true });
}

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: one-at-a-time.mjs <command…>');
  process.exit(2);
}
await acquire();
// Its own process group, so that a signal reaches everything it started (`sh -c` passes none on).
const child = spawn(command, args, { stdio: 'inherit', shell: false, detached: true });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.kill(-child.pid, signal));
child.on('exit', (code, signal) => {
  release();
  process.exit(code ?? (signal ? 1 : 0));
});
