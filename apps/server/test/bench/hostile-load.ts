// Before/after figures for two attacks of the hostile-client report, on the real server wiring
// (PostgreSQL, Redis at PROJ_TEST_REDIS_URL, the HTTP server as main.ts starts it):
//   flood:    one token (limit 120/min) sends 3 000 concurrent POSTs while 4 other callers read a
//             user one request after another; reports the flooder's admitted requests against the
//             limit, the 5xx count, and the other callers' p50/p99 against a quiet baseline.
//   streams:  16 unauthenticated connections stream request bodies for 5 s while the same callers
//             read; reports the bytes the server accepted and the callers' p50/p99.
//   PROJ_TEST_DATABASE_URL=… PROJ_TEST_REDIS_URL=… pnpm --filter @proj/server bench:hostile [redis timeout ms]
// A Redis command timeout well below the default 250 ms (e.g. 20) stands in for an event loop that
// a bigger flood stalls: Redis answers then arrive after their timeout and the fallback counts.
import { connect } from 'node:net';

import { mochaHooks, startTestApp } from '../support/test-server.js';

const LIMIT = 120;
const FLOOD = 3_000;
const READERS = 4;
const STREAMS = 16;
const STREAM_MS = 5_000;

const redisUrl = process.env['PROJ_TEST_REDIS_URL'];
const redisTimeoutMs = process.argv[2] ?? '250';
if (redisUrl === undefined) throw new Error('set PROJ_TEST_REDIS_URL: the flood is about the shared limiter');

await mochaHooks.beforeAll.call({ timeout: () => undefined } as unknown as Mocha.Context);
const t = await startTestApp({
  PROJ_REDIS_URL: redisUrl,
  PROJ_REDIS_KEY_PREFIX: `bench-hostile-${process.pid}:`,
  PROJ_RATE_LIMIT_PER_MINUTE: String(LIMIT),
  PROJ_REDIS_COMMAND_TIMEOUT_MS: redisTimeoutMs,
  PROJ_LOG_LEVEL: 'error',
});
const server = await t.listen();
const port = Number(new URL(server.url).port);

const created = await fetch(`${server.url}/v1/accounts/users`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await t.token({ subject: 'setup' })}` },
  body: JSON.stringify({ email: 'reader.target@example.com', full_name: 'Reader Target' }),
});
const target = `${server.url}${created.headers.get('location') ?? ''}`;
const readerTokens = await Promise.all(Array.from({ length: READERS }, (_, i) => t.token({ subject: `reader-${i}` })));

/** The other callers: each reads the user one request after another until `stop` resolves. */
async function readers(stop: Promise<void>): Promise<{ latencies: number[]; errors: number }> {
  let stopped = false;
  void stop.then(() => {
    stopped = true;
  });
  const latencies: number[] = [];
  let errors = 0;
  await Promise.all(
    readerTokens.map(async (token) => {
      while (!stopped) {
        const startedAt = performance.now();
        const response = await fetch(target, { headers: { Authorization: `Bearer ${token}` } }).catch(() => undefined);
        await response?.arrayBuffer();
        if (response === undefined || response.status >= 500) errors += 1;
        latencies.push(performance.now() - startedAt);
      }
    }),
  );
  return { latencies, errors };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN);
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// Quiet baseline.
const quiet = await readers(delay(3_000));

// The flood.
const flooder = await t.token({ subject: 'flooder' });
let floodDone = (): void => undefined;
const duringFlood = readers(
  new Promise((resolve) => {
    floodDone = resolve;
  }),
);
const floodStartedAt = performance.now();
const statuses = await Promise.all(
  Array.from({ length: FLOOD }, (_, i) =>
    fetch(`${server.url}/v1/accounts/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${flooder}` },
      body: JSON.stringify({ email: `flood.${i}@example.com`, full_name: `Flood ${i}` }),
    })
      .then(async (r) => {
        await r.arrayBuffer();
        return r.status;
      })
      .catch(() => 0),
  ),
);
const floodMs = performance.now() - floodStartedAt;
floodDone();
const flooded = await duringFlood;
const byStatus = (predicate: (s: number) => boolean): number => statuses.filter(predicate).length;

// Streamed bodies.
let streamedBytes = 0;
const sockets = Array.from({ length: STREAMS }, () => {
  const socket = connect(port, '127.0.0.1');
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  socket.on('error', () => undefined);
  const pump = (): void => {
    while (!socket.destroyed) {
      streamedBytes += chunk.length;
      if (!socket.write(chunk)) {
        socket.once('drain', pump);
        return;
      }
    }
  };
  socket.once('connect', () => {
    socket.write(
      `POST /v1/accounts/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${10 * 1024 ** 3}\r\n\r\n`,
    );
    pump();
  });
  socket.resume();
  return socket;
});
const duringStreams = await readers(delay(STREAM_MS));
const stillOpen = sockets.filter((socket) => !socket.destroyed).length;
for (const socket of sockets) socket.destroy();

console.log(
  JSON.stringify(
    {
      flood: {
        requests: FLOOD,
        redis_command_timeout_ms: Number(redisTimeoutMs),
        limit_per_minute: LIMIT,
        refill_during_flood: Math.ceil((floodMs / 60_000) * LIMIT),
        duration_ms: Math.round(floodMs),
        admitted_2xx: byStatus((s) => s >= 200 && s < 300),
        refused_429: byStatus((s) => s === 429),
        server_5xx: byStatus((s) => s >= 500),
        client_errors: byStatus((s) => s === 0),
        other_callers: { quiet_p50_ms: percentile(quiet.latencies, 50), quiet_p99_ms: percentile(quiet.latencies, 99) },
        other_callers_during: {
          requests: flooded.latencies.length,
          p50_ms: percentile(flooded.latencies, 50),
          p99_ms: percentile(flooded.latencies, 99),
          errors_5xx: flooded.errors,
        },
      },
      streams: {
        connections: STREAMS,
        seconds: STREAM_MS / 1000,
        bytes_sent_mib: Math.round(streamedBytes / 1024 ** 2),
        connections_still_open: stillOpen,
        other_callers_during: {
          requests: duringStreams.latencies.length,
          p50_ms: percentile(duringStreams.latencies, 50),
          p99_ms: percentile(duringStreams.latencies, 99),
        },
      },
    },
    null,
    2,
  ),
);

await server.close();
await t.close();
await mochaHooks.afterAll();
