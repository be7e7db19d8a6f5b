import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'main.js');

interface RunningServer {
  readonly process: ChildProcess;
  readonly baseUrl: string;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** Starts the built server as a user would, and waits for its "listening on" line. */
function startServer(env: Record<string, string>): Promise<RunningServer> {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', PROJ_PORT: '0', PROJ_LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+?) \(/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ process: child, baseUrl: match[1], output: () => output, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${String(code)} before listening:\n${output}`));
    });
  });
}

function runToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('the server process', function () {
  this.timeout(120_000);

  describe('on the embedded default (development, no PROJ_DATABASE_URL)', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'proj-server-data-'));

    after(() => rmSync(dataDir, { recursive: true, force: true }));

    it('serves, stops cleanly on SIGTERM, and keeps its data across a restart', async () => {
      const first = await startServer({ PROJ_DATA_DIR: dataDir });
      const created = await fetch(`${first.baseUrl}/v1/accounts/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'persist@example.com', full_name: 'Persistent' }),
      });
      expect(created.status).to.equal(201);
      const user = (await created.json()) as { id: string };
      first.process.kill('SIGTERM');
      expect(await first.exited).to.equal(0);

      const second = await startServer({ PROJ_DATA_DIR: dataDir });
      try {
        const read = await fetch(`${second.baseUrl}/v1/accounts/users/${user.id}`);
        expect(read.status).to.equal(200);
        expect(await read.json()).to.deep.equal(user);
      } finally {
        second.process.kill('SIGTERM');
        expect(await second.exited).to.equal(0);
      }
    });
  });

  describe('with invalid settings', () => {
    it('exits non-zero with one line per bad variable and no secret', async () => {
      const { code, output } = await runToExit({ PROJ_PORT: 'eighty', PROJ_ENV: 'prod', PROJ_DATABASE_URL: 'mysql://u:hunter2@h/d' });
      expect(code).to.equal(2);
      expect(output).to.match(/PROJ_PORT/).and.match(/PROJ_ENV/).and.match(/PROJ_DATABASE_URL/);
      expect(output).not.to.contain('hunter2');
    });
  });
});
