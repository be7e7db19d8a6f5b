import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';
import pg from 'pg';

import { RawHttpConnection } from '../support/raw-http.js';
import { startServerProcess, type LogLine, type ServerProcess } from '../support/server-process.js';
import { sharedPostgres } from '../support/test-server.js';

interface PostResult {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A POST on a connection of its own (no agent), so that its connection state is its own. */
async function postUser(server: ServerProcess, email: string, requestId: string): Promise<PostResult> {
  const token = await server.developmentToken();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.baseUrl}/v1/accounts/users`,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'x-request-id': requestId, authorization: `Bearer ${token}` },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ email, full_name: 'Slow Request' }));
  });
}

/**
 * Makes inserts into `users` wait, honestly: a transaction of the test's own holds a SHARE lock on
 * the table, which conflicts with the ROW EXCLUSIVE lock every INSERT takes. The server's request
 * is then slow exactly as it would be behind a long migration or a bulk job, until `release()`.
 */
async function lockUsersTable(url: string): Promise<{ release(): Promise<void>; waitUntilAnInsertIsBlocked(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  await client.query('begin');
  await client.query('lock table users in share mode');
  return {
    async waitUntilAnInsertIsBlocked() {
      const giveUpAt = Date.now() + 60_000;
      while (Date.now() < giveUpAt) {
        // Inside a transaction, pg_stat_activity is a snapshot taken once unless cleared.
        await client.query('select pg_stat_clear_snapshot()');
        const { rows } = await client.query<{ waiting: number }>(
          "select count(*)::int as waiting from pg_stat_activity where wait_event_type = 'Lock' and query ilike 'insert into %users%'",
        );
        if ((rows[0]?.waiting ?? 0) > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('no INSERT into users started waiting for the lock within 60 s');
    },
    async release() {
      await client.query('rollback');
      await client.end();
    },
  };
}

function messages(server: ServerProcess): string[] {
  return server.logs().map((line) => String(line.message));
}

describe('graceful shutdown of the server process', function () {
  this.timeout(180_000);

  describe('on SIGTERM during a slow request (development, embedded PostgreSQL)', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'proj-shutdown-'));
    let server: ServerProcess;
    let results: {
      slow: PostResult;
      readyWhileDraining: { status: number; headers: Record<string, string>; body: unknown };
      newConnection: unknown;
      idleKeepAliveClosedBeforeSlowFinished: boolean;
      code: number | null;
      databaseUrl: string;
    };

    before(async () => {
      server = await startServerProcess({
        PROJ_DATA_DIR: dataDir,
        PROJ_SHUTDOWN_TIMEOUT_MS: '60000',
        PROJ_DATABASE_STATEMENT_TIMEOUT_MS: '60000',
      });
      const started = await server.waitForLog((line) => line.message === 'embedded PostgreSQL started');
      const databaseUrl = String(started['url']);
      const lock = await lockUsersTable(databaseUrl);
      try {
        const idle = await RawHttpConnection.open(server.port);
        expect((await idle.get('/health/ready')).status).to.equal(200);
        const partial = await RawHttpConnection.open(server.port);
        partial.write('GET /health/ready HTTP/1.1\r\nHost: localhost\r\n');

        const slow = postUser(server, 'slow.request@example.com', 'slow-request-1');
        await lock.waitUntilAnInsertIsBlocked();

        server.process.kill('SIGTERM');
        await server.waitForLog((line) => line.message === 'shutting down');
        partial.write('\r\n');
        const ready = await partial.response();
        const newConnection = await fetch(`${server.baseUrl}/health/live`).then(
          (response) => response.status,
          (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
        );
        // The slow request is still blocked here: only the release below lets it finish.
        const idleKeepAliveClosedBeforeSlowFinished = await Promise.race([
          idle.closed.then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000)),
        ]);

        await lock.release();
        results = {
          slow: await slow,
          readyWhileDraining: { status: ready.status, headers: ready.headers, body: JSON.parse(ready.body) as unknown },
          newConnection,
          idleKeepAliveClosedBeforeSlowFinished,
          code: await server.exited,
          databaseUrl,
        };
      } catch (error) {
        await lock.release().catch(() => undefined);
        server.process.kill('SIGKILL');
        throw error;
      }
    });

    after(() => rmSync(dataDir, { recursive: true, force: true }));

    it('turns readiness to 503 at once for requests on open connections, telling the client to close', () => {
      expect(results.readyWhileDraining.status).to.equal(503);
      expect(results.readyWhileDraining.body).to.deep.include({ status: 'unavailable', draining: true });
      expect(results.readyWhileDraining.headers['connection']).to.equal('close');
    });

    it('refuses new connections', () => {
      expect(results.newConnection).to.equal('ECONNREFUSED');
    });

    it('closes idle keep-alive connections without waiting for the slow request', () => {
      expect(results.idleKeepAliveClosedBeforeSlowFinished).to.equal(true);
    });

    it('lets the in-flight request complete, with Connection: close', () => {
      expect(results.slow.status).to.equal(201);
      expect(JSON.parse(results.slow.body)).to.include({ email: 'slow.request@example.com' });
      expect(results.slow.headers['connection']).to.equal('close');
      expect(results.slow.headers['x-request-id']).to.equal('slow-request-1');
    });

    it('closes the pool, stops the embedded PostgreSQL and exits 0', async () => {
      expect(results.code).to.equal(0);
      const order = messages(server).filter((message) =>
        ['shutting down', 'HTTP server closed', 'closed database pool', 'closed embedded PostgreSQL', 'stopped'].includes(message),
      );
      expect(order).to.deep.equal(['shutting down', 'HTTP server closed', 'closed database pool', 'closed embedded PostgreSQL', 'stopped']);
      expect(existsSync(join(dataDir, 'pgdata', 'postmaster.pid')), 'postmaster.pid left behind').to.equal(false);
      const client = new pg.Client({ connectionString: results.databaseUrl, connectionTimeoutMillis: 2000 });
      await expect(client.connect()).to.be.rejected;
    });

    it('logged the slow request with its request id and route template, as JSON lines', () => {
      const lines = server.logs();
      for (const line of lines) expect(line).to.include.keys('timestamp', 'level', 'message', 'service', 'env');
      const access = lines.find((line: LogLine) => line.message === 'request completed' && line['request_id'] === 'slow-request-1');
      expect(access).to.include({ method: 'POST', route: '/v1/accounts/users', status: 201 });
      expect(server.output()).not.to.contain('slow.request@example.com');
      const stopped = lines.find((line) => line.message === 'stopped');
      expect(stopped?.['duration_ms']).to.be.a('number');
    });
  });

  describe('when in-flight work outlasts PROJ_SHUTDOWN_TIMEOUT_MS', () => {
    it('logs what was still open and exits non-zero', async () => {
      const database = await (await sharedPostgres()).createDatabase();
      const lock = await lockUsersTable(database.url);
      let server: ServerProcess | undefined;
      try {
        server = await startServerProcess({
          PROJ_ENV: 'test',
          PROJ_DATABASE_URL: database.url,
          PROJ_SHUTDOWN_TIMEOUT_MS: '1000',
          PROJ_DATABASE_STATEMENT_TIMEOUT_MS: '60000',
        });
        const slow = postUser(server, 'stuck@example.com', 'stuck-request-1').catch((error: Error) => error);
        await lock.waitUntilAnInsertIsBlocked();
        server.process.kill('SIGTERM');

        expect(await server.exited).to.equal(1);
        const timedOut = server.logs().find((line) => line.message === 'shutdown timed out; exiting with work still open');
        expect(timedOut).to.deep.include({ level: 'error', timeout_ms: 1000, phase: 'draining HTTP', open_connections: 1 });
        expect(timedOut?.['open_resources']).to.deep.equal(['idempotency key purge', 'in-process coordination', 'database pool']);
        const [open] = timedOut?.['open_requests'] as Array<Record<string, unknown>>;
        expect(open).to.include({ method: 'POST', path: '/v1/accounts/users', request_id: 'stuck-request-1' });
        expect(open?.['age_ms']).to.be.a('number');
        expect(await slow).to.be.instanceOf(Error);
      } finally {
        server?.process.kill('SIGKILL');
        await lock.release();
        await database.drop();
      }
    });
  });

  describe('on SIGINT', () => {
    it('stops the same way and exits 0', async () => {
      const database = await (await sharedPostgres()).createDatabase();
      try {
        const server = await startServerProcess({ PROJ_ENV: 'test', PROJ_DATABASE_URL: database.url });
        expect((await fetch(`${server.baseUrl}/health/ready`)).status).to.equal(200);
        server.process.kill('SIGINT');
        expect(await server.exited).to.equal(0);
        expect(server.logs().find((line) => line.message === 'shutting down')).to.include({ reason: 'SIGINT' });
        expect(messages(server)).to.include.members(['HTTP server closed', 'closed database pool', 'stopped']);
      } finally {
        await database.drop();
      }
    });
  });
});
