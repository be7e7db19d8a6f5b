import { randomBytes } from 'node:crypto';

import { expect } from 'chai';

import { mintToken } from '@proj/infra';
import { ownRedisServerOrSkip, type RedisServerProcess, type TestDatabase } from '@proj/infra/testing';

import { postUser } from '../support/http.js';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { sharedPostgres } from '../support/test-server.js';
import { readUserWhileRedisHangs, traceparent } from '../support/tracing.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN_ID = '00f067aa0ba902b7';

describe('the built server with OTEL_EXPORTER_OTLP_ENDPOINT set (a stub OTLP/HTTP receiver of the test)', function () {
  this.timeout(120_000);
  let redis: RedisServerProcess;
  let receiver: OtlpReceiver;
  let database: TestDatabase;
  let server: ServerProcess;
  let token: string;

  before(async function () {
    redis = await ownRedisServerOrSkip(this);
    receiver = await startOtlpReceiver();
    database = await (await sharedPostgres()).createDatabase();
    const secret = randomBytes(48).toString('base64url');
    server = await startServerProcess({
      PROJ_ENV: 'test',
      PROJ_DATABASE_URL: database.url,
      PROJ_MIGRATE_ON_START: 'true',
      PROJ_REDIS_URL: redis.url,
      PROJ_REDIS_COMMAND_TIMEOUT_MS: '300',
      PROJ_AUTH_JWT_SECRET: secret,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'proj-traced',
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
    token = await mintToken({ secret, subject: 'tracer', scopes: ['accounts:read', 'accounts:write'], ttlSeconds: 600, now: new Date() });
  });

  after(async () => {
    server?.process.kill('SIGTERM');
    await server?.exited;
    await receiver?.close();
    await database?.drop();
    await redis?.dispose();
  });

  it('sends a server span named by route template that continues the caller’s trace, with SQL and Redis child spans', async () => {
    const response = await postUser(
      server.baseUrl,
      token,
      { email: 'traced@example.com', full_name: 'Traced Person' },
      { traceparent: traceparent(TRACE_ID, PARENT_SPAN_ID), 'x-request-id': 'traced-post' },
    );
    expect(response.status).to.equal(201);

    const serverSpan = await receiver.waitFor((span) => span.traceId === TRACE_ID && span.kind === 2);
    expect(serverSpan).to.include({ name: 'POST /v1/accounts/users', parentSpanId: PARENT_SPAN_ID, service: 'proj-traced' });
    expect(serverSpan.attributes['http.route']).to.equal('/v1/accounts/users');
    const sql = await receiver.waitFor(
      (span) =>
        span.traceId === TRACE_ID &&
        span.attributes['db.system.name'] === 'postgresql' &&
        /insert into/i.test(String(span.attributes['db.query.text'])),
    );
    const statement = String(sql.attributes['db.query.text']);
    expect(statement).to.match(/insert into "?users"?/i);
    expect(statement, 'statements without parameter values').not.to.include('traced@example.com');
    const redisSpan = await receiver.waitFor((span) => span.traceId === TRACE_ID && span.attributes['db.system.name'] === 'redis');
    expect(redisSpan.attributes['db.query.text'], 'the command name only, never keys or values').to.match(/^[A-Z]+$/);

    const inTrace = receiver.spans.filter((span) => span.traceId === TRACE_ID);
    const ids = new Set(inTrace.map((span) => span.spanId));
    for (const span of inTrace.filter((s) => s !== serverSpan))
      expect(ids, `${span.name} hangs off the trace`).to.include(span.parentSpanId);

    const lines = server.logs().filter((line) => line['request_id'] === 'traced-post');
    expect(lines.length).to.be.greaterThan(0);
    for (const line of lines) expect(line, String(line.message)).to.include({ trace_id: TRACE_ID });
  });

  it('traces no health probe', async () => {
    await fetch(`${server.baseUrl}/health/ready`);
    await fetch(`${server.baseUrl}/v1/accounts/users/00000000-0000-4000-8000-000000000000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await receiver.waitFor((span) => span.name === 'GET /v1/accounts/users/:user_id');
    expect(receiver.spans.map((span) => span.name)).not.to.include('GET /health/ready');
    expect(
      receiver.spans.filter(
        (span) => span.kind === 2 && String(span.attributes['http.target'] ?? span.attributes['url.path']).startsWith('/health'),
      ),
    ).to.deep.equal([]);
  });

  it('puts the request id and the trace id on the warning a Redis adapter writes when Redis hangs mid-request', async () => {
    const traceId = 'a'.repeat(31) + '1';
    await readUserWhileRedisHangs(server.baseUrl, token, redis, { traceId, parentSpanId: PARENT_SPAN_ID, requestId: 'read-while-hung' });
    const warning = await server.waitForLog((line) => line.message === 'user cache unavailable; reading users from the database');
    expect(warning).to.include({ level: 'warn', request_id: 'read-while-hung', trace_id: traceId });
    expect(warning['span_id']).to.match(/^[0-9a-f]{16}$/);
  });
});
