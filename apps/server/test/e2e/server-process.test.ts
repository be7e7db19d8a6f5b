import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';

import { runServerToExit, startServerProcess as startServer } from '../support/server-process.js';
import { sharedPostgres } from '../support/test-server.js';

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

  describe('when nobody reads its logs', () => {
    it('keeps answering: writing a log line never blocks the event loop', async () => {
      const database = await (await sharedPostgres()).createDatabase();
      const server = await startServer({ PROJ_ENV: 'test', PROJ_DATABASE_URL: database.url });
      try {
        const before = server.output().length;
        // The parent stops reading: the pipe (64 KiB) and the reader's buffer fill up, and the
        // server's further lines can only wait in its own memory.
        server.process.stdout?.pause();
        const requests = 800;
        const statuses: number[] = [];
        for (let batch = 0; batch < requests / 10; batch += 1) {
          const answered = await Promise.all(
            Array.from({ length: 10 }, () => fetch(`${server.baseUrl}/health/live`, { signal: AbortSignal.timeout(30_000) }).then((r) => r.status)),
          );
          statuses.push(...answered);
        }
        expect(statuses.filter((status) => status === 200)).to.have.length(requests);
        expect(server.output().length - before, 'bytes the parent read while paused').to.be.below(100_000);

        server.process.stdout?.resume();
        const accessLines = () => server.logs().filter((line) => line.message === 'request completed' && line['route'] === '/health/live');
        await server.waitForLog(() => accessLines().length === requests);
        const written = server.output().length - before;
        expect(written, 'log bytes written while nobody read').to.be.above(150_000);
      } finally {
        server.process.kill('SIGTERM');
        expect(await server.exited).to.equal(0);
        await database.drop();
      }
    });
  });

  describe('with invalid settings', () => {
    it('prints one line per bad variable (three here), no secret, and exits with 2', async () => {
      const { code, stdout, stderr } = await runServerToExit({ PROJ_PORT: 'eighty', PROJ_ENV: 'prod', PROJ_DATABASE_URL: 'mysql://u:hunter2@h/d' });
      expect(code).to.equal(2);
      expect(stdout).to.equal('');
      const lines = stderr.trimEnd().split('\n');
      expect(lines[0]).to.equal('Invalid settings:');
      expect(lines.slice(1).map((line) => line.trim().split(':')[0])).to.have.members(['PROJ_PORT', 'PROJ_ENV', 'PROJ_DATABASE_URL']);
      expect(stderr).not.to.contain('hunter2');
    });

    it('reports a missing database URL outside development together with the other problems', async () => {
      const { code, stderr } = await runServerToExit({ PROJ_ENV: 'production', PROJ_CURSOR_SECRET: 'c'.repeat(32), PROJ_PORT: '70000', PROJ_LOG_LEVEL: 'loud' });
      expect(code).to.equal(2);
      expect(stderr.trimEnd().split('\n').slice(1).map((line) => line.trim().split(':')[0])).to.deep.equal(['PROJ_PORT', 'PROJ_LOG_LEVEL', 'PROJ_DATABASE_URL']);
    });
  });
});
