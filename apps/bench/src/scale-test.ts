// `pnpm scale:test`: three instances of the built server behind HAProxy, under bounded load on
// the loopback interface, while one instance is SIGKILLed, another drains on SIGTERM and Redis
// restarts. Reports what clients saw and whether the rate-limit and idempotency guarantees held
// across instances; exits 1 when a guarantee broke, 2 when it could not run. PostgreSQL: the one
// at 127.0.0.1:5432 when it answers (or --database-url), else an embedded one. Decision 0102.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { mintToken } from '@proj/infra';
import {
  findPgBouncerBinary,
  findRedisServerBinary,
  freePort,
  PgBouncerProcess,
  postgresAnswers,
  RedisServerProcess,
} from '@proj/infra/testing';

import { createBenchDatabase, DEFAULT_DATABASE_URL, randomSecret, seededUserIds } from './environment.js';
import { imageNodeOptions } from './image-node-options.js';
import { startServer, type ManagedServer } from './processes.js';
import { checkIdempotency, checkRateLimit, isError, summarizeWindow, type KeyedAttempts, type Sample } from './scale/guarantees.js';
import { startHaproxy } from './scale/haproxy.js';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const SERVER_MAIN = join(REPO_ROOT, 'apps', 'server', 'dist', 'main.js');
const RESULTS = join(REPO_ROOT, 'apps', 'bench', 'results');

/** The run's timeline, in milliseconds from the start of the load. */
const TIMELINE = {
  killAt: 8_000,
  restartKilledAt: 16_000,
  drainAt: 22_000,
  redisRestartAt: 30_000,
  restartDrainedAt: 34_000,
  endAt: 44_000,
};
/** How long after an event its latency and errors are attributed to it. */
const EVENT_WINDOW_MS = 5_000;
/** Requests per second the ordinary callers send in all (bounded: the machine has two cores). */
const TARGET_RATE = 120;
const CONNECTIONS = 12;
const CALLERS = 80;
/** Per caller; the greedy caller sends about six times this. */
const LIMIT_PER_MINUTE = 120;
const GREEDY_RATE = 30;
/** The greedy caller's requests in flight at once, so that it outruns its limit even when answers are slow. */
const GREEDY_CONNECTIONS = 6;
const SHUTDOWN_TIMEOUT_MS = 10_000;

interface Instance {
  readonly name: string;
  readonly port: number;
  server: ManagedServer | undefined;
  peakRssBytes: number;
}

function say(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** The binary, installing its Debian package first when it is missing and this runs as root. */
function ensureBinary(find: () => string | undefined, debianPackage: string): string {
  const found = find();
  if (found) return found;
  if (process.getuid?.() !== 0)
    throw new Error(`${debianPackage} is not installed and this is not root: sudo apt-get install -y ${debianPackage}`);
  say(`installing ${debianPackage} (apt-get)…`);
  const install = (): void => {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', debianPackage], { stdio: 'ignore' });
  };
  try {
    install();
  } catch {
    execFileSync('apt-get', ['update'], { stdio: 'ignore' });
    install();
  }
  const installed = find();
  if (!installed) throw new Error(`${debianPackage} was installed but its binary was not found`);
  return installed;
}

const findHaproxy = (): string | undefined => ['/usr/sbin/haproxy', '/usr/bin/haproxy'].find((path) => existsSync(path));

async function main(): Promise<number> {
  if (!existsSync(SERVER_MAIN))
    throw new Error('the server is not built: run `pnpm scale:test` from the repository root (it builds first)');
  const haproxyBinary = ensureBinary(findHaproxy, 'haproxy');
  const redisBinary = ensureBinary(() => findRedisServerBinary(), 'redis-server');
  let pgbouncerBinary: string | undefined;
  try {
    pgbouncerBinary = ensureBinary(() => findPgBouncerBinary(), 'pgbouncer');
  } catch (error) {
    say(`no PgBouncer (${(error as Error).message}): the instances connect to PostgreSQL directly`);
  }

  const cleanups: (() => Promise<unknown>)[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'proj-scale-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const cleanUp = async (): Promise<void> => {
    for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop())
      await cleanup().catch((error: unknown) => say(`cleanup: ${String(error)}`));
  };
  process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));

  try {
    const adminUrl =
      parseArgs({ options: { 'database-url': { type: 'string' } } }).values['database-url'] ??
      ((await postgresAnswers(DEFAULT_DATABASE_URL)) ? DEFAULT_DATABASE_URL : undefined);
    say(`database: ${adminUrl === undefined ? 'embedded PostgreSQL' : adminUrl.replace(/\/\/[^@]*@/, '//')} (migrated directly, seeded)`);
    const bench = await createBenchDatabase(adminUrl);
    cleanups.push(() => bench.release());
    const userIds = await seededUserIds(bench.database);

    const redis = await RedisServerProcess.start({ binary: redisBinary });
    cleanups.push(() => redis.dispose());
    say(`redis: a redis-server of this run on port ${redis.port}`);

    let databaseUrl = bench.database.url;
    let bouncer: PgBouncerProcess | undefined;
    if (pgbouncerBinary) {
      bouncer = await PgBouncerProcess.start({
        binary: pgbouncerBinary,
        upstreamUrl: bench.database.url,
        poolMode: 'transaction',
        poolSize: 12,
      });
      cleanups.push(() => (bouncer as PgBouncerProcess).dispose());
      databaseUrl = bouncer.urlFor(bench.database.name);
      say(`pgbouncer: transaction pooling on port ${bouncer.port}, 12 server connections for 3 instances × 10`);
    }

    const secret = randomSecret(48);
    const nodeOptions = imageNodeOptions(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));
    const env = (port: number): Record<string, string> => ({
      ...(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions }),
      PROJ_ENV: 'production',
      PROJ_HOST: '127.0.0.1',
      PROJ_PORT: String(port),
      PROJ_DATABASE_URL: databaseUrl,
      PROJ_DATABASE_PREPARED_STATEMENTS: bouncer ? 'false' : 'true',
      PROJ_DATABASE_POOL_MAX: '10',
      PROJ_MIGRATE_ON_START: 'false',
      PROJ_REDIS_URL: redis.url,
      PROJ_REDIS_KEY_PREFIX: 'proj-scale:',
      PROJ_LOG_FORMAT: 'json',
      PROJ_LOG_LEVEL: 'info',
      PROJ_CURSOR_SECRET: randomSecret(36),
      PROJ_AUTH_JWT_SECRET: secret,
      PROJ_AUTH_ISSUER: 'proj-scale',
      PROJ_AUTH_AUDIENCE: 'proj',
      PROJ_RATE_LIMIT_PER_MINUTE: String(LIMIT_PER_MINUTE),
      PROJ_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    });
    // Every instance gets one cursor secret (cursors are shared).
    const shared = env(0);
    const instances: Instance[] = [];
    for (const name of ['s1', 's2', 's3']) instances.push({ name, port: await freePort(), server: undefined, peakRssBytes: 0 });
    const start = async (instance: Instance): Promise<void> => {
      instance.server = await startServer({
        name: instance.name,
        command: process.execPath,
        args: ['--enable-source-maps', SERVER_MAIN],
        env: { ...env(instance.port), PROJ_CURSOR_SECRET: shared['PROJ_CURSOR_SECRET'] as string },
        port: instance.port,
        readyPath: '/health/ready',
        logPath: join(dir, `${instance.name}.log`),
      });
    };
    await Promise.all(instances.map(start));
    cleanups.push(async () => {
      for (const instance of instances) await instance.server?.stop(5_000);
    });
    say(`instances: ${instances.map((instance) => `${instance.name} on ${instance.port}`).join(', ')} (NODE_OPTIONS=${nodeOptions ?? ''})`);

    const lbPort = await freePort();
    const haproxy = await startHaproxy(haproxyBinary, dir, { port: lbPort, servers: instances });
    cleanups.push(() => haproxy.stop());
    say(`haproxy: port ${lbPort}, readiness checks every 500 ms`);

    const token = (subject: string): Promise<string> =>
      mintToken({
        secret,
        subject,
        scopes: ['accounts:read', 'accounts:write'],
        ttlSeconds: 3600,
        issuer: 'proj-scale',
        audience: 'proj',
        now: new Date(),
      });
    const callers = await Promise.all(Array.from({ length: CALLERS }, (_, i) => token(`scale-caller-${i}`)));
    const greedy = await token('scale-greedy');

    // ---- the load ----------------------------------------------------------------------------
    const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS + GREEDY_CONNECTIONS + 4 });
    const samples: Sample[] = [];
    const keyed = new Map<string, { email: string; answers: { status: number; userId?: string; code?: string }[] }>();
    const loadAtStart = loadavg().map((value) => Math.round(value * 10) / 10);
    const began = performance.now();
    const now = (): number => performance.now() - began;
    let running = true;

    const send = (
      method: string,
      path: string,
      bearer: string,
      kind: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ): Promise<{ status: number; json: unknown }> =>
      new Promise((resolve) => {
        const at = now();
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = request(
          {
            host: '127.0.0.1',
            port: lbPort,
            method,
            path,
            agent,
            headers: {
              authorization: `Bearer ${bearer}`,
              ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
              ...headers,
            },
            timeout: 20_000,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              const status = res.statusCode ?? 0;
              let json: unknown;
              try {
                json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
              } catch {
                json = undefined;
              }
              const code = status >= 400 ? (json as { code?: string } | undefined)?.code : undefined;
              samples.push({
                at,
                latencyMs: now() - at,
                status,
                servedBy: String(res.headers['x-served-by'] ?? ''),
                kind,
                ...(code === undefined ? {} : { detail: code }),
              });
              resolve({ status, json });
            });
            res.on('error', () => undefined);
          },
        );
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', (error) => {
          samples.push({ at, latencyMs: now() - at, status: 0, servedBy: '', kind, detail: error.message });
          resolve({ status: 0, json: undefined });
        });
        req.end(payload);
      });

    let created = 0;
    const createKeyed = async (bearer: string): Promise<void> => {
      const key = `scale-${randomBytes(8).toString('hex')}`;
      const email = `scale-${key}@example.com`;
      const record = { email, answers: [] as { status: number; userId?: string; code?: string }[] };
      keyed.set(key, record);
      const attempt = async (): Promise<void> => {
        const { status, json } = await send(
          'POST',
          '/v1/accounts/users',
          bearer,
          'create-keyed',
          { email, full_name: 'Scale Test' },
          { 'idempotency-key': key },
        );
        const answer = json as { id?: string; code?: string } | undefined;
        record.answers.push({
          status,
          ...(answer?.id === undefined ? {} : { userId: answer.id }),
          ...(answer?.code === undefined ? {} : { code: answer.code }),
        });
      };
      // Two at once (round robin puts them on two instances), then a retry after the first answers.
      await Promise.all([attempt(), attempt()]);
      await attempt();
    };

    const ordinary = async (worker: number): Promise<void> => {
      const interval = (1000 * CONNECTIONS) / TARGET_RATE;
      let turn = 0;
      while (running) {
        const startedTurn = now();
        const bearer = callers[(worker + turn * CONNECTIONS) % CALLERS] as string;
        const pick = turn % 20;
        if (pick < 15)
          await send('GET', `/v1/accounts/users/${userIds[(worker * 7919 + turn * 104_729) % userIds.length] as string}`, bearer, 'read');
        else if (pick < 18) await createKeyed(bearer);
        else {
          created += 1;
          await send('POST', '/v1/accounts/users', bearer, 'create', {
            email: `scale-plain-${randomBytes(8).toString('hex')}@example.com`,
            full_name: 'Scale Plain',
          });
        }
        turn += 1;
        const wait = interval - (now() - startedTurn);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    };
    const greedyLoop = async (): Promise<void> => {
      const interval = (1000 * GREEDY_CONNECTIONS) / GREEDY_RATE;
      while (running) {
        const startedTurn = now();
        await send('GET', `/v1/accounts/users/${userIds[0] as string}`, greedy, 'greedy');
        const wait = interval - (now() - startedTurn);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    };

    const rssTimer = setInterval(() => {
      for (const instance of instances) instance.peakRssBytes = Math.max(instance.peakRssBytes, instance.server?.rss().peak ?? 0);
    }, 250);
    const events: { name: string; atMs: number; note: string }[] = [];
    const at = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms - now())));
    const [s1, s2] = instances as [Instance, Instance, Instance];

    say(
      `load: ${TARGET_RATE} requests/s from ${CALLERS} callers on ${CONNECTIONS} connections, plus one greedy caller at ${GREEDY_RATE}/s (limit ${LIMIT_PER_MINUTE}/min), for ${TIMELINE.endAt / 1000} s`,
    );
    const load = Promise.all([
      ...Array.from({ length: CONNECTIONS }, (_, worker) => ordinary(worker)),
      ...Array.from({ length: GREEDY_CONNECTIONS }, greedyLoop),
    ]);

    await at(TIMELINE.killAt);
    process.kill(s1.server?.pid as number, 'SIGKILL');
    events.push({ name: 'SIGKILL s1', atMs: now(), note: '' });
    say(`${(now() / 1000).toFixed(1)} s: SIGKILL s1`);
    await s1.server?.stop(1_000);
    s1.server = undefined;

    // Restarts run in the background, so that a slow start does not move the next event.
    const restart = (instance: Instance, atMs: number): Promise<void> =>
      at(atMs).then(async () => {
        const event = { name: `restart ${instance.name}`, atMs: now(), note: '' };
        events.push(event);
        await start(instance);
        event.note = `ready after ${Math.round(now() - event.atMs)} ms`;
        say(`${(now() / 1000).toFixed(1)} s: ${instance.name} ready again`);
      });
    const restarts = [restart(s1, TIMELINE.restartKilledAt)];

    await at(TIMELINE.drainAt);
    const drainStarted = now();
    events.push({ name: 'SIGTERM s2 (drain)', atMs: drainStarted, note: '' });
    say(`${(drainStarted / 1000).toFixed(1)} s: SIGTERM s2`);
    const drainExit = await s2.server?.stop(SHUTDOWN_TIMEOUT_MS + 5_000);
    const drainMs = now() - drainStarted;
    (events.at(-1) as { note: string }).note = `exited ${String(drainExit)} after ${Math.round(drainMs)} ms`;
    s2.server = undefined;

    await at(TIMELINE.redisRestartAt);
    const redisStopped = now();
    await redis.stop();
    await redis.restart();
    const redisBack = now();
    events.push({
      name: 'restart Redis',
      atMs: redisStopped,
      note: `down ${Math.round(redisBack - redisStopped)} ms (data lost: no persistence)`,
    });
    say(`${(redisStopped / 1000).toFixed(1)} s: Redis restarted`);

    restarts.push(restart(s2, TIMELINE.restartDrainedAt));

    await at(TIMELINE.endAt);
    running = false;
    await load;
    await Promise.all(restarts);
    const endedAt = now();
    clearInterval(rssTimer);
    agent.destroy();

    // ---- the verdicts ------------------------------------------------------------------------
    const rows = await bench.database.query<{ email: string; n: number }>(
      "select email, count(*)::int as n from users where email like 'scale-scale-%' group by email",
    );
    const rowsByEmail = new Map(rows.map((row) => [row.email, row.n]));
    const idempotency = checkIdempotency(
      [...keyed.entries()].map(([key, record]): KeyedAttempts => ({
        key,
        answers: record.answers,
        rows: rowsByEmail.get(record.email) ?? 0,
      })),
    );
    // Leases (decision 0063): at most floor(limit / 100) tokens per instance, three instances.
    const leaseSlack = 3 * Math.max(1, Math.floor(LIMIT_PER_MINUTE / 100));
    const redisOutageEnd = redisBack + 3_000; // the instances reconnect within 0.1–2 s
    const rateLimit = checkRateLimit(
      samples,
      [
        { name: 'before the Redis restart (one shared bucket)', fromMs: 0, toMs: redisStopped, buckets: 1 },
        { name: 'Redis restart (per-instance fallback buckets)', fromMs: redisStopped, toMs: redisOutageEnd, buckets: 3 + 1 },
        { name: 'after the Redis restart (a new shared bucket)', fromMs: redisOutageEnd, toMs: endedAt + 1, buckets: 1 },
      ],
      LIMIT_PER_MINUTE,
      leaseSlack,
    );

    const windows = [
      summarizeWindow(samples, 'steady (before any event)', 1_000, TIMELINE.killAt),
      ...[...events]
        .sort((a, b) => a.atMs - b.atMs)
        .map((event) => summarizeWindow(samples, event.name, event.atMs, event.atMs + EVENT_WINDOW_MS)),
      summarizeWindow(samples, 'whole run', 0, endedAt + 1),
    ];
    const errors = samples.filter(isError);
    const errorsBy = (predicate: (sample: Sample) => boolean): number => errors.filter(predicate).length;
    const killAt = events[0]?.atMs ?? 0;
    const summary = {
      started_at: new Date(Date.now() - endedAt).toISOString(),
      topology: {
        instances: 3,
        load_balancer: 'HAProxy (round robin, readiness checks every 500 ms, retries on connection failure or empty response)',
        database: bouncer
          ? 'PostgreSQL through PgBouncer (transaction pooling, 12 server connections), prepared statements off'
          : 'PostgreSQL directly',
        redis: 'a redis-server of this run, no persistence',
        node_options: nodeOptions ?? '',
      },
      load_average_at_start_and_end: [loadAtStart, loadavg().map((value) => Math.round(value * 10) / 10)],
      requests_sent: samples.length,
      requests_per_second: Math.round((samples.length / endedAt) * 1000),
      statuses: countBy(samples.map((sample) => String(sample.status))),
      errors_seen_by_clients: {
        total: errors.length,
        by_instance: countBy(errors.map((sample) => sample.servedBy || '(none)')),
        by_kind: countBy(errors.map((sample) => sample.kind)),
        by_detail: countBy(errors.map((sample) => `${sample.status} ${sample.detail ?? ''}`.trim())),
        from_the_drained_instance: errorsBy((sample) => sample.servedBy === 's2'),
        from_the_killed_instance_sent_before_the_kill: errorsBy((sample) => sample.servedBy === 's1' && sample.at < killAt),
        other: errorsBy((sample) => !(sample.servedBy === 's1' && sample.at < killAt) && sample.servedBy !== 's2'),
      },
      events,
      latency_windows: windows,
      idempotency,
      rate_limit: rateLimit,
      plain_creates: created,
      peak_rss_mib: Object.fromEntries(instances.map((instance) => [instance.name, Math.round(instance.peakRssBytes / 1024 / 1024)])),
    };
    mkdirSync(RESULTS, { recursive: true });
    const file = join(RESULTS, `scale-${summary.started_at.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);

    const broken = [
      ...(idempotency.held ? [] : [`idempotency: keys created twice: ${idempotency.doubleCreates.join(', ')}`]),
      ...rateLimit
        .filter((phase) => !phase.held)
        .map((phase) => `rate limit: ${phase.allowed} allowed > ${phase.bound} in "${phase.name}"`),
    ];
    const targets = [
      ...(summary.errors_seen_by_clients.from_the_drained_instance > 0
        ? [`${summary.errors_seen_by_clients.from_the_drained_instance} errors from the drained instance (target: none)`]
        : []),
      ...(summary.errors_seen_by_clients.other > 0
        ? [`${summary.errors_seen_by_clients.other} errors not explained by the kill (target: none)`]
        : []),
    ];
    say(`\nresults: ${file}`);
    for (const line of targets) say(`target missed: ${line}`);
    for (const line of broken) say(`GUARANTEE BROKEN: ${line}`);
    if (broken.length === 0) say('guarantees held: no double create with one key, no caller past its limit');
    return broken.length === 0 ? 0 : 1;
  } finally {
    await cleanUp();
  }
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`scale test failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);
