import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'chai';

import { EmbeddedPostgres } from '../../../src/dev/index.js';
import { postgresAnswers as answers } from '../../../src/testing/index.js';

// A `pnpm db:*` command run while the server runs on the same data directory must share its
// PostgreSQL, not stop it as an orphan, and must not stop it when the command ends.
describe('EmbeddedPostgres shared by two users of one data directory', function () {
  this.timeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'proj-embedded-shared-'));
  let first: EmbeddedPostgres | undefined;
  let second: EmbeddedPostgres | undefined;

  after(async () => {
    await second?.stop().catch(() => undefined);
    await first?.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the server running until the last user stops it', async () => {
    first = await EmbeddedPostgres.start({ dataDir, ephemeral: true });
    second = await EmbeddedPostgres.start({ dataDir, ephemeral: true });
    expect(second.url).to.equal(first.url);

    await first.stop();
    first = undefined;
    expect(await answers(second.url), 'still serving the remaining user').to.equal(true);

    const url = second.url;
    await second.stop();
    second = undefined;
    expect(await answers(url), 'stopped by the last user').to.equal(false);
  });
});

// A test run killed with SIGKILL (or its whole process group killed) runs no exit handler: the
// watcher each user leaves behind stops the cluster once that user is gone.
describe('EmbeddedPostgres whose only user is killed', function () {
  this.timeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'proj-embedded-orphan-'));

  after(() => {
    // The watcher may still be removing its lock file.
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 10 });
  });

  it('is stopped by the watcher the user left, not left running', async () => {
    const module = new URL('../../../dist/dev/index.js', import.meta.url).href;
    const user = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { EmbeddedPostgres } = await import(${JSON.stringify(module)});
         const server = await EmbeddedPostgres.start({ dataDir: ${JSON.stringify(dataDir)}, ephemeral: true });
         console.log(server.url);
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [chunk] = (await once(user.stdout, 'data')) as [Buffer];
    const url = chunk.toString().trim();
    expect(await answers(url), 'started by the user').to.equal(true);

    user.kill('SIGKILL');
    await once(user, 'exit');
    // A process-level test: the watcher acts in its own process, so the test polls for the result.
    // Stopped means shut down to the end: PostgreSQL removes postmaster.pid last.
    const postmasterPid = join(dataDir, 'pgdata', 'postmaster.pid');
    let stopped = false;
    for (let attempt = 0; attempt < 300 && !stopped; attempt++) {
      stopped = !existsSync(postmasterPid) && !(await answers(url));
      if (!stopped) await sleep(200);
    }
    expect(stopped, 'stopped after its user died').to.equal(true);

    // The watcher ran its own script, not the user's command line again, and is gone too.
    let remaining = processesNaming(dataDir);
    for (let attempt = 0; attempt < 50 && remaining.length > 0; attempt++) {
      await sleep(200);
      remaining = processesNaming(dataDir);
    }
    expect(remaining, 'no process left on the data directory').to.deep.equal([]);
  });
});

/** The command lines of the running processes that name `text` (Linux: read from /proc). */
function processesNaming(text: string): string[] {
  if (process.platform !== 'linux') return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        return [readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')];
      } catch {
        return [];
      }
    })
    .filter((commandLine) => commandLine.includes(text));
}

// The data directory's lock decides who starts, shares or stops the cluster: a lock whose holder is
// gone is taken over, and a live holder is waited for.
describe('EmbeddedPostgres data-directory lock', function () {
  this.timeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'proj-embedded-lock-'));
  const lock = join(dataDir, 'lock');

  after(() => {
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 10 });
  });

  it('takes over a lock left by a process that is gone, and an empty one left long ago', async () => {
    writeFileSync(lock, '2147483646');
    await (await EmbeddedPostgres.start({ dataDir, ephemeral: true })).stop();

    writeFileSync(lock, '');
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, longAgo, longAgo);
    await (await EmbeddedPostgres.start({ dataDir, ephemeral: true })).stop();
    expect(existsSync(lock), 'released after each step').to.equal(false);
  });

  it('waits while a live process holds the lock, then starts', async () => {
    writeFileSync(lock, String(process.pid));
    let started = false;
    const starting = EmbeddedPostgres.start({ dataDir, ephemeral: true }).then((server) => {
      started = true;
      return server;
    });
    await sleep(500);
    expect(started, 'still waiting for the holder').to.equal(false);
    rmSync(lock);
    await (await starting).stop();
    expect(started).to.equal(true);
  });
});
