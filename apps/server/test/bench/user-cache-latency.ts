// Cache-hit versus cache-miss latency of GET /v1/accounts/users/{id}, side by side in one run:
// the real server wiring on PostgreSQL and Redis, over HTTP with keep-alive. Each round times a
// miss (the user's cache entry deleted just before, untimed) and then a hit of the same user.
//   pnpm --filter @proj/server bench:cache [rounds]
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

import { createClient } from 'redis';

import { startHttpServer } from '../../src/start-http-server.js';
import { newUserBody } from '../support/http.js';
import { mochaHooks, sharedRedis, startTestApp } from '../support/test-server.js';

const rounds = Number(process.argv[2] ?? 2_000);
const USERS = 50;
const WARM_UP = 200;

const redis = await sharedRedis();
const keyPrefix = redis.newKeyPrefix();
const t = await startTestApp({
  PROJ_REDIS_URL: redis.url,
  PROJ_REDIS_KEY_PREFIX: keyPrefix,
  PROJ_RATE_LIMIT_PER_MINUTE: '0',
  PROJ_LOG_LEVEL: 'error',
});
const server = await startHttpServer(t.app, '127.0.0.1', 0, { logger: t.logs });
const authorization = `Bearer ${await t.token()}`;
const base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
const admin = createClient({ url: redis.url });
await admin.connect();

try {
  const ids: string[] = [];
  for (let i = 0; i < USERS; i += 1) {
    const response = await fetch(`${base}/v1/accounts/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify(newUserBody()),
    });
    ids.push(((await response.json()) as { id: string }).id);
  }
  const get = async (id: string): Promise<number> => {
    const startedAt = performance.now();
    const response = await fetch(`${base}/v1/accounts/users/${id}`, { headers: { authorization } });
    await response.arrayBuffer();
    const elapsed = performance.now() - startedAt;
    if (response.status !== 200) throw new Error(`GET answered ${response.status}`);
    return elapsed;
  };
  const evict = (id: string): Promise<number> => admin.unlink(`${keyPrefix}cache:user:${id}`);

  for (let i = 0; i < WARM_UP; i += 1) {
    const id = ids[i % USERS] as string;
    await evict(id);
    await get(id);
    await get(id);
  }
  const before = await t.cacheCounts();
  const miss: number[] = [];
  const hit: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const id = ids[i % USERS] as string;
    await evict(id);
    miss.push(await get(id));
    hit.push(await get(id));
  }
  const after = await t.cacheCounts();

  const stats = (samples: number[]) => {
    const sorted = [...samples].sort((x, y) => x - y);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
    return { mean: samples.reduce((s, x) => s + x, 0) / samples.length, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
  };
  const m = stats(miss);
  const h = stats(hit);
  const ms = (x: number) => `${x.toFixed(3)} ms`;
  console.log(`GET /v1/accounts/users/{id}, ${rounds} rounds (miss then hit of one user each), Redis: ${redis.origin}`);
  console.log(`cache counters (GET /metrics) during the run: +${after.hits - before.hits} hits, +${after.misses - before.misses} misses`);
  console.log(`           mean        p50         p95         p99`);
  console.log(`miss  ${[m.mean, m.p50, m.p95, m.p99].map(ms).join('  ')}`);
  console.log(`hit   ${[h.mean, h.p50, h.p95, h.p99].map(ms).join('  ')}`);
  console.log(
    `miss/hit ratio: mean ${(m.mean / h.mean).toFixed(2)}x, p50 ${(m.p50 / h.p50).toFixed(2)}x, p95 ${(m.p95 / h.p95).toFixed(2)}x`,
  );
} finally {
  await admin.close();
  await server.drain();
  await t.close();
  await mochaHooks.afterAll();
}
