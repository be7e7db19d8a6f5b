import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

import { ownRedisServerOrSkip, type RedisServerProcess } from '@proj/infra/testing';

import { postUser } from '../support/http.js';
import { StubLegacy } from '../support/stub-legacy.js';
import { readUserWhileRedisHangs, traceparent } from '../support/tracing.js';

const SERVER_PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT_SPAN_ID = 'b7ad6b7169203331';

interface FinishedSpan {
  readonly name: string;
  /** 0 internal, 1 server, 2 client (the API's SpanKind). */
  readonly kind: number;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** The app with tracing on and the SDK's in-memory exporter, in a process of its own (test/support/traced-app.ts). */
async function startTracedApp(env: Record<string, string>): Promise<{ child: ChildProcess; appUrl: string; controlUrl: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx/esm', 'test/support/traced-app.ts'], {
    cwd: SERVER_PACKAGE,
    // Without NODE_V8_COVERAGE: this child runs the TypeScript sources through tsx, and their coverage
    // would collide with the built files' (the suite measures dist/, mapped back to src/).
    env: { ...process.env, NODE_V8_COVERAGE: undefined, TRACED_APP_ENV: JSON.stringify(env) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the traced app did not start in time:\n${output}`)), 90_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const ready = /READY (\S+) (\S+)/.exec(output);
      if (!ready?.[1] || !ready[2]) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve({ child, appUrl: ready[1], controlUrl: ready[2] });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the traced app exited with ${String(code)}:\n${output}`));
    });
  });
}

describe('traces of the real wiring (in-memory span exporter, a redis-server of its own)', function () {
  this.timeout(120_000);
  let redis: RedisServerProcess;
  let legacy: StubLegacy;
  let traced: Awaited<ReturnType<typeof startTracedApp>>;
  let token: string;

  const control = async <T>(path: string): Promise<T> => (await (await fetch(`${traced.controlUrl}${path}`)).json()) as T;
  const spansOf = async (traceId: string): Promise<FinishedSpan[]> =>
    (await control<FinishedSpan[]>('/spans')).filter((span) => span.traceId === traceId);

  before(async function () {
    redis = await ownRedisServerOrSkip(this);
    legacy = await StubLegacy.start();
    traced = await startTracedApp({
      PROJ_REDIS_URL: redis.url,
      PROJ_REDIS_COMMAND_TIMEOUT_MS: '300',
      PROJ_REDIS_CONNECT_TIMEOUT_MS: '500',
      PROJ_LEGACY_BASE_URL: legacy.url,
    });
    token = await control<string>('/token');
  });

  after(async () => {
    if (traced) {
      const exited = new Promise((resolve) => traced.child.once('exit', resolve));
      traced.child.kill('SIGTERM');
      await exited;
    }
    await redis?.dispose();
    await legacy?.close();
  });

  it('gives one POST a server span named by route template with its SQL and Redis spans, in the trace of its traceparent', async () => {
    const response = await postUser(
      traced.appUrl,
      token,
      { email: 'in-memory@example.com', full_name: 'In Memory' },
      { traceparent: traceparent(TRACE_ID, PARENT_SPAN_ID), 'idempotency-key': 'traced-key' },
    );
    expect(response.status).to.equal(201);

    const spans = await spansOf(TRACE_ID);
    const server = spans.filter((span) => span.kind === 1);
    expect(server.map((span) => [span.name, span.parentSpanId])).to.deep.equal([['POST /v1/accounts/users', PARENT_SPAN_ID]]);
    expect(server[0]?.attributes['http.route']).to.equal('/v1/accounts/users');
    const sql = spans.filter(
      (span) => span.attributes['db.system.name'] === 'postgresql' && span.attributes['db.query.text'] !== undefined,
    );
    expect(sql.map((span) => String(span.attributes['db.query.text'])).join('\n')).to.match(/insert into "users"/);
    expect(JSON.stringify(sql), 'no parameter values').not.to.include('in-memory@example.com');
    const redisCommands = spans.filter((span) => span.attributes['db.system.name'] === 'redis');
    expect(redisCommands.length, 'rate limit and idempotency key commands').to.be.greaterThan(0);
    const ids = new Set(spans.map((span) => span.spanId));
    for (const span of [...sql, ...redisCommands]) expect(ids, `${span.name} is inside the request's trace`).to.include(span.parentSpanId);
  });

  it('starts a new trace when the caller sends none, and gives its log lines the trace and span ids', async () => {
    const response = await postUser(
      traced.appUrl,
      token,
      { email: 'fresh@example.com', full_name: 'Fresh Trace' },
      { 'x-request-id': 'untraced-caller' },
    );
    expect(response.status).to.equal(201);
    const lines = (await control<Record<string, unknown>[]>('/logs')).filter((line) => line['request_id'] === 'untraced-caller');
    const registered = lines.find((line) => line['message'] === 'user registered');
    expect(registered?.['trace_id']).to.match(/^[0-9a-f]{32}$/);
    expect(registered?.['trace_id']).not.to.equal(TRACE_ID);
    const spans = await spansOf(String(registered?.['trace_id']));
    expect(spans.map((span) => span.spanId)).to.include(registered?.['span_id']);
  });

  it('puts the request id and the trace id on the warning a Redis adapter writes when Redis hangs mid-request', async () => {
    const traceId = 'c'.repeat(32);
    await readUserWhileRedisHangs(traced.appUrl, token, redis, { traceId, parentSpanId: PARENT_SPAN_ID, requestId: 'hung-read' });
    const warnings = (await control<Record<string, unknown>[]>('/logs')).filter(
      (line) => line['level'] === 'warn' && line['request_id'] === 'hung-read',
    );
    expect(warnings.map((line) => line['message'])).to.include('user cache unavailable; reading users from the database');
    for (const warning of warnings) expect(warning).to.include({ trace_id: traceId });
  });

  it('traces the call a legacy route makes to the legacy backend, which gets the trace in its traceparent', async () => {
    const traceId = 'd'.repeat(32);
    const response = await fetch(`${traced.appUrl}/v1/orders/7?expand=lines`, {
      headers: { authorization: `Bearer ${token}`, traceparent: traceparent(traceId, PARENT_SPAN_ID), 'x-request-id': 'to-legacy' },
    });
    expect(response.status, await response.text()).to.equal(200);
    const forwarded = legacy.requests.find((each) => each.headers['x-request-id'] === 'to-legacy');
    const [, sentTrace, sentParent] = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(String(forwarded?.headers['traceparent'])) ?? [];
    expect(sentTrace, 'the same trace').to.equal(traceId);
    const spans = await spansOf(traceId);
    const client = spans.find((span) => span.kind === 2 && span.spanId === sentParent);
    expect(client, 'a client span is the parent the legacy backend sees').not.to.equal(undefined);
    const server = spans.find((span) => span.kind === 1);
    expect(server?.parentSpanId).to.equal(PARENT_SPAN_ID);
    expect(spans.map((span) => span.spanId)).to.include(client?.parentSpanId);
  });
});
