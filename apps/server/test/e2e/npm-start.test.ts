import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

const REPOSITORY_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const GONE_WITHIN_MS = 30_000;

/** Every process below `pid`, from /proc (Linux). */
function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the second field after the parenthesised command name.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const walk = (parent: number): void => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

/** Alive and not a zombie waiting to be reaped. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function findFile(dir: string, name: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isFile() && entry.name === name) return path;
    if (entry.isDirectory()) {
      const found = findFile(path, name);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

// A process manager (or a user) stops `npm start` by signalling the one process it started; the
// chain below it (the bootstrap, the server, the embedded PostgreSQL) must not outlive it.
describe('npm start', function () {
  this.timeout(300_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'proj-npm-start-'));
  /** What this test started, stopped here if the test failed half-way. */
  let started: number[] = [];

  after(async () => {
    for (const pid of started.filter(isRunning)) process.kill(pid, 'SIGTERM');
    const goneBy = Date.now() + GONE_WITHIN_MS;
    while (started.some(isRunning) && Date.now() < goneBy) await sleep(100);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops the server and the embedded PostgreSQL when only its own process gets SIGTERM', async function () {
    if (process.platform !== 'linux') this.skip();
    // Not measured (decision 0096): the build `npm start` runs first restores dist/ from turbo's
    // cache, and the coverage of the server it then starts came back unmapped in some runs.
    const environment = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('PROJ_') && name !== 'NODE_V8_COVERAGE'),
    );
    const npm = spawn('npm', ['start'], {
      cwd: REPOSITORY_ROOT,
      env: { ...environment, PROJ_PORT: '0', PROJ_DATA_DIR: dataDir, PROJ_LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      npm.once('exit', (code, signal) => resolve({ code, signal })),
    );

    const startedBy = Date.now() + 240_000;
    while (!/listening on http:\/\//.test(output)) {
      if (Date.now() > startedBy || npm.exitCode !== null) throw new Error(`npm start did not start the server:\n${output}`);
      await sleep(200);
    }
    const postmasterPidFile = findFile(dataDir, 'postmaster.pid');
    expect(postmasterPidFile, 'the embedded PostgreSQL runs in the data directory').not.to.equal(undefined);
    // PostgreSQL detaches itself: it is not below npm start, yet must stop with it.
    const postmaster = Number(readFileSync(postmasterPidFile ?? '', 'utf8').split('\n')[0]);
    const chain = [...descendantsOf(npm.pid ?? 0), postmaster];
    started = chain;
    expect(chain.filter(isRunning)).to.have.length.greaterThan(2);

    npm.kill('SIGTERM');

    const ended = await exited;
    expect(ended, `npm start ends cleanly:\n${output}`).to.deep.equal({ code: 0, signal: null });
    const goneBy = Date.now() + GONE_WITHIN_MS;
    while (chain.some(isRunning) && Date.now() < goneBy) await sleep(100);
    expect(chain.filter(isRunning), 'processes left running').to.deep.equal([]);
    expect(existsSync(postmasterPidFile ?? ''), 'the embedded PostgreSQL stopped').to.equal(false);
    expect(output).to.contain('"message":"stopped"');
  });
});
