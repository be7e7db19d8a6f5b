// `pnpm bench`: the built server against a minimal Express + pg baseline, side by side, with
// Express's own ceiling (the floor) on GET by id. See USAGE.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { SETTING_NAMES } from '@proj/infra';
import { freePort, postgresAnswers } from '@proj/infra/testing';

import { parseBenchArgs, USAGE, type BenchOptions } from './args.js';
import {
  createBenchDatabase,
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  EMBEDDING_DIMENSION,
  randomSecret,
  redisAnswers,
  seedCapture,
  SEEDED_ARTIFACTS,
  SEEDED_USERS,
  seededUserIds,
  type BenchDatabase,
} from './environment.js';
import { imageNodeFlags, imageNodeOptions } from './image-node-options.js';
import { applyLoad, stopLoad } from './load.js';
import { startServer, tail, whileSampling, type ManagedServer } from './processes.js';
import { renderProfileSummary, summarizeProfiles, type CpuProfile } from './profile-summary.js';
import { FLOOR_TARGET, renderReport, renderTable, rowNotes, tracingCostNotes, type BenchReport, type ReportRow } from './report.js';
import { deleteKeysWithPrefix } from './resp.js';
import { scenarioById, SCENARIOS, type Scenario, type ScenarioData, type ScenarioId } from './scenarios.js';
import { measurementPlan } from './schedule.js';
import { startSpanSink } from './span-sink.js';
import { ratio, summarize, type RunMeasurement } from './stats.js';
import { renderTargets, targetVerdicts } from './targets.js';

const run = promisify(execFile);

const BENCH_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REPO_ROOT = join(BENCH_ROOT, '..', '..');
const SERVER_MAIN = join(REPO_ROOT, 'apps', 'server', 'dist', 'main.js');
const TOKEN_CLI = join(REPO_ROOT, 'apps', 'server', 'dist', 'cli', 'token.js');
const BASELINE_MAIN = join(BENCH_ROOT, 'dist', 'baseline', 'baseline-server.js');
const FLOOR_MAIN = join(BENCH_ROOT, 'dist', 'baseline', 'floor-server.js');
/** Preloaded into every server (`--import`): bytes allocated and time in GC, see heap-probe.ts. */
const HEAP_PROBE = join(BENCH_ROOT, 'dist', 'src', 'heap-probe.js');
const DOCKERFILE = join(REPO_ROOT, 'Dockerfile');
const RESULTS = join(BENCH_ROOT, 'results');
const USERS = '/v1/accounts/users';
const LIST_PAGES = 50;

type TargetId = string;

interface Target {
  readonly id: TargetId;
  readonly title: string;
  readonly server: ManagedServer;
  readonly headers: Readonly<Record<string, string>>;
  readonly cursors: readonly string[];
}

/** One scenario on one target, measured once per round. */
interface Series {
  readonly scenario: Scenario;
  readonly target: Target;
  /** Series of one family alternate within a round; the baseline's GET serves both GET rows. */
  readonly family: string;
  readonly runs: RunMeasurement[];
}

// ---------------------------------------------------------------------------------------------
// Everything the bench starts is stopped, newest first, on success, failure and Ctrl-C.

const cleanups: { readonly name: string; readonly run: () => Promise<unknown> }[] = [];
let cleaningUp: Promise<void> | undefined;

function cleanUp(): Promise<void> {
  cleaningUp ??= (async () => {
    for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) {
      try {
        await cleanup.run();
      } catch (error) {
        process.stderr.write(`\ncould not ${cleanup.name}: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
  })();
  return cleaningUp;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping everything the bench started…\n`);
    stopLoad();
    void cleanUp().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// Progress: one line, rewritten in place on a terminal.

const interactive = process.stderr.isTTY === true;
function progress(text: string): void {
  if (interactive) process.stderr.write(`\r\x1b[K${text}`);
  else process.stderr.write(`${text}\n`);
}
function say(text: string): void {
  if (interactive) process.stderr.write('\r\x1b[K');
  process.stderr.write(`${text}\n`);
}

// ---------------------------------------------------------------------------------------------

async function main(options: BenchOptions): Promise<void> {
  const startedAt = new Date();
  const loadAverageAtStart = loadavg();
  if (!existsSync(SERVER_MAIN) || !existsSync(BASELINE_MAIN) || !existsSync(FLOOR_MAIN) || !existsSync(HEAP_PROBE))
    throw new Error('the server, the baseline or the floor is not built: run `pnpm bench` from the repository root (it builds first)');
  mkdirSync(RESULTS, { recursive: true });
  const known = new Set(SETTING_NAMES);
  const knows = (name: string): boolean => known.has(name);
  const runId = `${process.pid.toString(36)}${randomSecret(3)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')}`;
  const notes: string[] = [];

  // Database: the given PostgreSQL, the local one when it answers, else an embedded one.
  const adminUrl = options.databaseUrl ?? ((await postgresAnswers(DEFAULT_DATABASE_URL)) ? DEFAULT_DATABASE_URL : undefined);
  say(`database: ${adminUrl === undefined ? 'embedded PostgreSQL' : adminUrl.replace(/\/\/[^@]*@/, '//')}; seeding ${SEEDED_USERS} users…`);
  const bench: BenchDatabase = await createBenchDatabase(adminUrl);
  cleanups.push({ name: `drop the bench database ${bench.database.name}`, run: () => bench.release() });
  const userIds = await seededUserIds(bench.database);
  // Capture: the first seeded user's artifacts are read, the second user's are captured.
  const [reader, capturing] = userIds;
  const hasCapture = knows('PROJ_CAPTURE_EMBEDDING_DIMENSION') && reader !== undefined && capturing !== undefined;
  if (hasCapture) say(`seeding ${SEEDED_ARTIFACTS} artifacts of one user (${EMBEDDING_DIMENSION}-dimension random embeddings)…`);
  const capture = hasCapture
    ? {
        artifactIds: await seedCapture(bench.database, reader, capturing),
        capturingUserId: capturing,
        embeddings: Array.from({ length: 64 }, () => Array.from({ length: EMBEDDING_DIMENSION }, () => Math.random() - 0.5)),
      }
    : undefined;
  if (!hasCapture) notes.push('This build has no capture context: its scenarios were not run.');

  // Redis: only when the server reads PROJ_REDIS_URL and can keep its keys under a prefix of ours.
  const redisUrl = options.redisUrl ?? DEFAULT_REDIS_URL;
  const redisPrefix = `proj-bench-${runId}:`;
  let redis: string | undefined;
  if (knows('PROJ_REDIS_URL')) {
    if (!knows('PROJ_REDIS_KEY_PREFIX'))
      notes.push('The server reads PROJ_REDIS_URL but has no key prefix setting: Redis was not used, so as not to touch shared keys.');
    else if (!(await redisAnswers(redisUrl))) notes.push(`No Redis answered at ${redisUrl}: the service ran without PROJ_REDIS_URL.`);
    else {
      redis = redisUrl;
      cleanups.push({ name: `delete the Redis keys under ${redisPrefix}`, run: () => deleteKeysWithPrefix(redisUrl, redisPrefix) });
    }
  }
  const hasCacheSwitch = knows('PROJ_CACHE_TTL_SECONDS');
  const hasWorkers = knows('PROJ_WORKERS');
  const hasAuth = knows('PROJ_AUTH_JWT_SECRET');
  // V8 flags as the image runs the server with them (its heap limit decides its memory).
  const dockerfile = existsSync(DOCKERFILE) ? readFileSync(DOCKERFILE, 'utf8') : undefined;
  const nodeOptions = dockerfile === undefined ? undefined : imageNodeOptions(dockerfile);
  const nodeFlags = dockerfile === undefined ? [] : imageNodeFlags(dockerfile);
  const cursorSecret = randomSecret();
  const authSecret = randomSecret(48);

  const serviceEnv = (
    port: number,
    variant: { readonly workers: string; readonly cache: boolean; readonly keys: string },
  ): Record<string, string> => {
    const env: Record<string, string> = {
      PROJ_ENV: 'production',
      PROJ_HOST: '127.0.0.1',
      PROJ_PORT: String(port),
      PROJ_DATABASE_URL: bench.database.url,
      PROJ_MIGRATE_ON_START: 'false',
      PROJ_LOG_LEVEL: 'info',
      PROJ_LOG_FORMAT: 'json',
      PROJ_CURSOR_SECRET: cursorSecret,
      ...(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions }),
    };
    const optional = (name: string, value: string): void => {
      if (knows(name)) env[name] = value;
    };
    optional('PROJ_WORKERS', variant.workers);
    if (redis !== undefined) {
      env['PROJ_REDIS_URL'] = redis;
      env['PROJ_REDIS_KEY_PREFIX'] = `${redisPrefix}${variant.keys}:`;
    }
    // High enough never to refuse the bench (the limiter still runs), but not off.
    optional('PROJ_RATE_LIMIT_PER_MINUTE', '1000000');
    // Warm: entries outlive the run; off: the switch the server has for it.
    optional('PROJ_CACHE_TTL_SECONDS', variant.cache ? '3600' : '0');
    optional('PROJ_AUTH_JWT_SECRET', authSecret);
    optional('PROJ_AUTH_ISSUER', 'proj-bench');
    optional('PROJ_AUTH_AUDIENCE', 'proj');
    return env;
  };

  const coldStartMs: Record<string, number> = {};
  const logs = join(RESULTS, 'logs');
  rmSync(logs, { recursive: true, force: true });
  /** Starts one server of the run on a free port, records its cold start and stops it at the end. */
  const launch = async (
    id: TargetId,
    args: (port: number) => readonly string[],
    env: (port: number) => Readonly<Record<string, string>>,
    stop: (server: ManagedServer) => Promise<unknown>,
  ): Promise<ManagedServer> => {
    const port = await freePort();
    progress(`starting ${id}…`);
    const server = await startServer({
      name: id,
      command: process.execPath,
      // Cluster workers inherit the primary's execArgv, so every process of a server loads the probe.
      args: ['--import', pathToFileURL(HEAP_PROBE).href, ...args(port)],
      env: env(port),
      port,
      readyPath: '/health/ready',
      logPath: join(logs, `${id}.log`),
      heapProbeDir: join(RESULTS, 'heap', id),
    });
    cleanups.push({ name: `stop ${id}`, run: () => stop(server) });
    coldStartMs[id] = server.coldStartMs;
    return server;
  };
  const startService = (
    id: TargetId,
    variant: { readonly workers: string; readonly cache: boolean; readonly env?: Readonly<Record<string, string>>; readonly main?: string },
    nodeArgs: readonly string[] = [],
  ): Promise<ManagedServer> =>
    launch(
      id,
      () => [...nodeFlags, ...nodeArgs, variant.main ?? SERVER_MAIN],
      (port) => ({ ...serviceEnv(port, { ...variant, keys: id }), ...variant.env }),
      (server) => stopAndCheck(server, notes),
    );
  // The reference servers of baseline/: no settings, only a port and the bench database.
  const startReference = (id: TargetId, main: string, args: readonly string[], nodeArgs: readonly string[]): Promise<ManagedServer> =>
    launch(
      id,
      (port) => [...nodeArgs, main, '--port', String(port), '--database-url', bench.database.url, ...args],
      () => ({}),
      (server) => server.stop(),
    );
  const startBaseline = (nodeArgs: readonly string[] = []): Promise<ManagedServer> =>
    startReference('baseline', BASELINE_MAIN, ['--pool-max', '10'], nodeArgs);
  // Ready once it holds every user: its cold start includes reading them.
  const startFloor = (): Promise<ManagedServer> => startReference(FLOOR_TARGET, FLOOR_MAIN, [], []);

  const tokenHeaders = async (): Promise<Record<string, string>> =>
    hasAuth
      ? {
          authorization: `Bearer ${await mintToken(serviceEnv(0, { workers: '1', cache: true, keys: 'token' }), [
            'accounts:read',
            'accounts:write',
            ...(hasCapture ? ['capture:read', 'capture:write'] : []),
          ])}`,
        }
      : {};

  if (options.profile) {
    await profile(options, { startService, startBaseline, userIds, capture, tokenHeaders, notes });
    return;
  }

  const wanted = (id: ScenarioId): boolean => options.scenarios === undefined || options.scenarios.includes(id);

  // The servers: all up at once (idle ones cost nothing), so that runs alternate between them.
  const service = await startService('service', { workers: '1', cache: true });
  const serviceNoCache = hasCacheSwitch ? await startService('service-nocache', { workers: '1', cache: false }) : undefined;
  const serviceAll =
    hasWorkers && options.allWorkers && cpus().length > 1
      ? await startService('service-all', { workers: String(cpus().length), cache: true })
      : undefined;
  const variants: Target[] = [];
  const wantedVariants = [...options.variants];
  let spanSink: Awaited<ReturnType<typeof startSpanSink>> | undefined;
  if (options.tracing) {
    spanSink = await startSpanSink();
    const sink = spanSink;
    cleanups.push({ name: 'stop the span sink', run: () => sink.close() });
    wantedVariants.push({
      name: 'tracing',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_TRACES_SAMPLER: 'always_on', OTEL_SERVICE_NAME: 'proj-bench' },
    });
  }
  for (const variant of wantedVariants) {
    const server = await startService(`variant-${variant.name}`, { workers: '1', cache: true, env: variant.env });
    variants.push({ id: `variant-${variant.name}`, title: `service ×1, ${variant.name}`, server, headers: {}, cursors: [] });
  }
  if (options.before !== undefined) {
    const main = join(options.before, 'apps', 'server', 'dist', 'main.js');
    if (!existsSync(main)) throw new Error(`--before ${options.before}: no built server at ${main}`);
    const server = await startService('before', { workers: '1', cache: true, main });
    variants.push({ id: 'before', title: 'service ×1, before', server, headers: {}, cursors: [] });
  }
  const baseline = await startBaseline();
  const floor = options.floor && wanted('get-warm') ? await startFloor() : undefined;

  // Auth: a token from the server's own CLI when the server verifies tokens.
  const authHeaders = await tokenHeaders();
  const probeId = userIds[0] ?? '';
  const anonymous = await fetch(`${service.baseUrl}${USERS}/${probeId}`);
  const authEnforced = anonymous.status === 401;
  const authorized = await fetch(`${service.baseUrl}${USERS}/${probeId}`, { headers: authHeaders });
  if (authorized.status !== 200)
    throw new Error(`GET ${USERS}/{id} on the service answered ${authorized.status}: ${await authorized.text()}`);

  const workersOfAll = serviceAll ? serviceAll.rss().processes - 1 : 0;
  const serviceFacts: Record<string, string | number | boolean> = {
    PROJ_ENV: 'production',
    database: bench.server === 'given' ? 'local PostgreSQL (a database of the run, dropped after)' : 'embedded PostgreSQL',
    redis: redis === undefined ? 'not used' : `local Redis, keys under ${redisPrefix}`,
    auth: hasAuth
      ? authEnforced
        ? 'on (JWT minted by the token CLI)'
        : 'configured but not enforced?'
      : authEnforced
        ? 'on'
        : 'not in this build',
    cache: hasCacheSwitch ? 'PROJ_CACHE_TTL_SECONDS 3600 (warm) / 0 (off)' : 'not in this build',
    rate_limit: knows('PROJ_RATE_LIMIT_PER_MINUTE') ? '1 000 000/min (limiter on, never reached)' : 'not in this build',
    logging: 'info, JSON, stdout piped to a file',
    node_options: nodeOptions ?? 'none (the image sets none)',
    node_flags: nodeFlags.length === 0 ? 'none (the image sets none)' : nodeFlags.join(' '),
    metrics: 'on (/metrics)',
    workers_all: serviceAll ? workersOfAll : 'not measured',
  };
  say(
    `service: ${Object.entries(serviceFacts)
      .map(([key, value]) => `${key}: ${String(value)}`)
      .join('; ')}`,
  );
  if (!hasAuth && !authEnforced) notes.push('This build has no authentication: requests carry no token.');
  if (!hasCacheSwitch)
    notes.push(
      'This build has no cache switch (PROJ_CACHE_TTL_SECONDS): every GET by id reads PostgreSQL, so only the cache-off row is measured.',
    );
  if (!hasWorkers) notes.push('This build has no PROJ_WORKERS: only one process measured.');

  const targets = {
    service: {
      id: 'service',
      title: 'service ×1',
      server: service,
      headers: authHeaders,
      cursors: await collectCursors(service.baseUrl, authHeaders),
    },
    ...(serviceNoCache
      ? {
          serviceNoCache: {
            id: 'service-nocache',
            title: 'service ×1, cache off',
            server: serviceNoCache,
            headers: authHeaders,
            cursors: [],
          },
        }
      : {}),
    ...(serviceAll
      ? {
          serviceAll: {
            id: 'service-all',
            title: `service ×${workersOfAll} (one per core)`,
            server: serviceAll,
            headers: authHeaders,
            cursors: await collectCursors(serviceAll.baseUrl, authHeaders),
          },
        }
      : {}),
    ...(floor
      ? {
          floor: {
            id: FLOOR_TARGET,
            title: 'Express floor (in-memory Map, no I/O)',
            server: floor,
            headers: {},
            cursors: [],
          },
        }
      : {}),
    baseline: {
      id: 'baseline',
      title: 'baseline Express + pg',
      server: baseline,
      headers: {},
      cursors: await collectCursors(baseline.baseUrl, {}),
    },
  } satisfies Record<string, Target>;

  // Which scenario runs on which server.
  const series: Series[] = [];
  const add = (scenario: ScenarioId, target: Target | undefined, family: string = scenario): void => {
    if (target && wanted(scenario)) series.push({ scenario: scenarioById(scenario), target, family, runs: [] });
  };
  const extras: Target[] = [];
  for (const variant of variants) {
    extras.push({ ...variant, headers: authHeaders, cursors: await collectCursors(variant.server.baseUrl, authHeaders) });
  }
  if (hasCacheSwitch) {
    add('get-warm', targets.service, 'get');
    for (const extra of extras) add('get-warm', extra, 'get');
    add('get-warm', targets.serviceAll, 'get');
    add('get-cold', targets.serviceNoCache, 'get');
  } else {
    add('get-cold', targets.service, 'get');
    for (const extra of extras) add('get-cold', extra, 'get');
    add('get-cold', targets.serviceAll, 'get');
  }
  // The floor only reads, from memory: a warm cache is what it stands for, whatever this build has.
  add('get-warm', targets.floor, 'get');
  if (wanted('get-warm') || wanted('get-cold'))
    series.push({ scenario: scenarioById('get-cold'), target: targets.baseline, family: 'get', runs: [] });
  for (const scenario of ['list', 'post', 'patch', 'mix'] as const) {
    add(scenario, targets.service);
    for (const extra of extras) add(scenario, extra);
    add(scenario, targets.serviceAll);
    add(scenario, targets.baseline);
  }
  // Capture has no baseline (the reference server only knows users): its rows have no ratio. A
  // variant or `before` build runs them too when it serves the capture routes.
  if (capture !== undefined) {
    const withCapture: Target[] = [];
    for (const extra of extras) if (await servesCapture(extra, capture)) withCapture.push(extra);
    for (const scenario of ['capture-post', 'capture-get', 'capture-similar'] as const) {
      add(scenario, targets.service);
      for (const extra of withCapture) add(scenario, extra);
      add(scenario, targets.serviceAll);
    }
  }
  if (series.length === 0) throw new Error('no scenario selected');
  const families = [...new Set(series.map((each) => each.family))];

  const steps = series.length * options.rounds + (options.warmupSeconds > 0 ? series.length : 0);
  let step = 0;
  const benchStart = performance.now();
  const status = (what: string): void => {
    step += 1;
    const elapsed = (performance.now() - benchStart) / 1000;
    const perStep = (options.durationSeconds + options.warmupSeconds) / 2 + 0.7;
    const left = Math.max(0, (steps - step + 1) * perStep);
    progress(`[${step}/${steps}] ${what} · ${formatSeconds(elapsed)} elapsed, ~${formatSeconds(left)} left`);
  };

  const dataFor = (target: Target, tag: string): ScenarioData => ({
    userIds,
    cursors: target.cursors,
    emailTag: `${runId}-${target.id}-${tag}`,
    ...(capture === undefined ? {} : { capture }),
  });
  const measure = async (each: Series, seconds: number, tag: string): Promise<RunMeasurement> => {
    const next = each.scenario.requests(dataFor(each.target, tag), Math.random);
    const { result, peakRss, peakTotalRss, cpuSeconds, heap } = await whileSampling(each.target.server, () =>
      applyLoad({
        baseUrl: each.target.server.baseUrl,
        connections: Math.min(options.connections, each.scenario.maxConnections ?? options.connections),
        durationSeconds: seconds,
        headers: each.target.headers,
        next,
        expectedStatuses: each.scenario.expectedStatuses,
      }),
    );
    return { ...result, peakRssBytes: peakRss, peakTotalRssBytes: peakTotalRss, cpuSeconds, ...(heap === undefined ? {} : { heap }) };
  };

  // A warm cache holds every seeded user before anything is measured.
  if (hasCacheSwitch && (wanted('get-warm') || wanted('mix'))) {
    for (const target of [targets.service, targets.serviceAll, ...extras]) {
      if (!target) continue;
      progress(`filling the cache of ${target.id} (${userIds.length} GETs)…`);
      const errors = await fillCache(target.server.baseUrl, target.headers, userIds, options.connections);
      if (errors > 0) notes.push(`Filling the cache of ${target.id} met ${errors} errors.`);
    }
  }

  for (const planned of measurementPlan(
    series.map((each) => each.family),
    options.rounds,
    options.warmupSeconds > 0,
  )) {
    const each = series[planned.series];
    if (each === undefined) continue;
    if (planned.kind === 'warm-up') {
      status(`warm-up · ${each.target.title} · ${each.scenario.title}`);
      await measure(each, options.warmupSeconds, 'warmup');
    } else {
      status(`round ${planned.round + 1}/${options.rounds} · ${each.target.title} · ${each.scenario.title}`);
      each.runs.push(await measure(each, options.durationSeconds, `r${planned.round}`));
    }
  }
  progress('');

  const baselineOf = (family: string): Series | undefined => series.find((each) => each.family === family && each.target.id === 'baseline');
  const rows: ReportRow[] = series.map((each) => {
    const summary = summarize(each.runs);
    const reference = each.target.id === 'baseline' ? undefined : baselineOf(each.family);
    const referenceSummary = reference ? summarize(reference.runs) : undefined;
    return {
      scenario: each.scenario.id,
      scenarioTitle: each.target.id === 'baseline' && each.family === 'get' ? 'GET by id' : each.scenario.title,
      target: each.target.id,
      targetTitle: each.target.title,
      summary,
      ratio: ratio(summary.requestsPerSecond, referenceSummary?.requestsPerSecond),
      p99Ratio: ratio(summary.p99Ms, referenceSummary?.p99Ms),
    };
  });
  rows.sort((a, b) => families.indexOf(familyOf(a, series)) - families.indexOf(familyOf(b, series)));
  notes.unshift(...rowNotes(rows), ...tracingCostNotes(rows));
  if (spanSink !== undefined) notes.push(`The traced service exported ${spanSink.spans()} spans to the bench's OTLP sink.`);

  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    elapsedSeconds: (Date.now() - startedAt.getTime()) / 1000,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      loadAverageAtStart,
      loadAverageAtEnd: loadavg(),
    },
    load: {
      tool: 'autocannon 9',
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      rounds: options.rounds,
    },
    service: serviceFacts,
    coldStartMs,
    rows,
    targets: targetVerdicts(rows, coldStartMs),
    notes,
  };
  await cleanUp();
  const markdown = renderReport({ ...report, notes });
  writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify({ ...report, notes }, null, 2)}\n`);
  writeFileSync(join(RESULTS, 'latest.md'), markdown);
  process.stdout.write(`\n${renderTable(rows)}\n\n${renderTargets(report.targets)}\n\n`);
  for (const note of notes) process.stdout.write(`- ${note}\n`);
  process.stdout.write(
    `\nCold start to ready: ${Object.entries(coldStartMs)
      .map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`)
      .join(', ')}\n`,
  );
  process.stdout.write(`Written: ${join(RESULTS, 'latest.json')} and latest.md (server logs in ${logs})\n`);
}

function familyOf(row: ReportRow, series: readonly Series[]): string {
  return series.find((each) => each.scenario.id === row.scenario && each.target.id === row.target)?.family ?? row.scenario;
}

/** Reads every seeded user once, so that a cached service holds them all; returns the errors. */
async function fillCache(
  baseUrl: string,
  headers: Readonly<Record<string, string>>,
  userIds: readonly string[],
  connections: number,
): Promise<number> {
  let index = 0;
  const filled = await applyLoad({
    baseUrl,
    connections,
    durationSeconds: 0,
    amount: userIds.length,
    headers,
    next: () => ({ method: 'GET', path: `${USERS}/${userIds[index++ % userIds.length] ?? ''}` }),
    expectedStatuses: [200],
  });
  return filled.errors;
}

/** Walks the first pages of the list, keeping each `next_cursor` in the server's own format. */
async function collectCursors(baseUrl: string, headers: Readonly<Record<string, string>>): Promise<string[]> {
  const cursors: string[] = [];
  let path = `${USERS}?limit=20`;
  for (let page = 0; page < LIST_PAGES; page += 1) {
    const response = await fetch(`${baseUrl}${path}`, { headers });
    if (response.status !== 200) throw new Error(`GET ${path} on ${baseUrl} answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { next_cursor: string | null };
    if (body.next_cursor === null) break;
    cursors.push(body.next_cursor);
    path = `${USERS}?limit=20&cursor=${encodeURIComponent(body.next_cursor)}`;
  }
  return cursors;
}

/** Whether `target` answers 200 to a GET of a seeded artifact (a build without the capture context does not). */
async function servesCapture(target: Target, capture: NonNullable<ScenarioData['capture']>): Promise<boolean> {
  const [artifactId] = capture.artifactIds;
  if (artifactId === undefined) return false;
  const response = await fetch(`${target.server.baseUrl}/v1/capture/artifacts/${artifactId}`, { headers: target.headers });
  await response.arrayBuffer();
  return response.status === 200;
}

/** A token with both scopes from the server's `token` CLI, with the service's own settings. */
async function mintToken(env: Record<string, string>, scopes: readonly string[]): Promise<string> {
  if (!existsSync(TOKEN_CLI)) throw new Error(`the server reads PROJ_AUTH_JWT_SECRET but ${TOKEN_CLI} does not exist`);
  const { stdout } = await run(
    process.execPath,
    [TOKEN_CLI, ...scopes.flatMap((scope) => ['--scope', scope]), '--sub', 'bench', '--ttl', '2h'],
    { env },
  );
  const token = stdout.trim();
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) throw new Error(`the token CLI printed something that is not a JWT: ${token.slice(0, 40)}`);
  return token;
}

/** Stops a service and records a non-zero exit, which would mean its graceful shutdown failed. */
async function stopAndCheck(server: ManagedServer, notes: string[]): Promise<void> {
  const code = await server.stop();
  if (code !== 0)
    notes.push(
      `${server.name} exited with ${String(code)} on SIGTERM; the end of its log:\n\n    ${tail(server.logPath, 10).split('\n').join('\n    ')}`,
    );
}

function formatSeconds(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/**
 * For each scenario, the service (one worker) and then the baseline, each a fresh process under
 * `node --cpu-prof`: warm-up, a measured run, a graceful stop (which writes the profile).
 * Summaries go to results/profile.md; the raw profiles (for Chrome DevTools) to results/profiles/.
 */
async function profile(
  options: BenchOptions,
  context: {
    readonly startService: (
      id: TargetId,
      variant: { readonly workers: string; readonly cache: boolean },
      nodeArgs: readonly string[],
    ) => Promise<ManagedServer>;
    readonly startBaseline: (nodeArgs: readonly string[]) => Promise<ManagedServer>;
    readonly userIds: readonly string[];
    /** The capture data, when the build has the capture context. */
    readonly capture: ScenarioData['capture'];
    readonly tokenHeaders: () => Promise<Record<string, string>>;
    readonly notes: string[];
  },
): Promise<void> {
  const profiles = join(RESULTS, 'profiles');
  rmSync(profiles, { recursive: true, force: true });
  const sections: string[] = [];
  const together: Record<string, CpuProfile[]> = { service: [], baseline: [] };
  // Profiles compare the service with the baseline; a scenario only the service has (capture) is
  // profiled on the service alone, and only when the build has what it needs.
  const chosen = SCENARIOS.filter(
    (scenario) =>
      (scenario.serviceOnly !== true || context.capture !== undefined) &&
      (options.scenarios === undefined || options.scenarios.includes(scenario.id)),
  );
  for (const scenario of chosen) {
    for (const which of scenario.serviceOnly === true ? (['service'] as const) : (['service', 'baseline'] as const)) {
      const dir = join(profiles, `${scenario.id}-${which}`);
      mkdirSync(dir, { recursive: true });
      const nodeArgs = ['--cpu-prof', '--cpu-prof-dir', dir];
      const server =
        which === 'service'
          ? await context.startService('service', { workers: '1', cache: scenario.id !== 'get-cold' }, nodeArgs)
          : await context.startBaseline(nodeArgs);
      const headers = which === 'service' ? await context.tokenHeaders() : {};
      const cursors = scenario.id === 'list' ? await collectCursors(server.baseUrl, headers) : [];
      const data: ScenarioData = {
        userIds: context.userIds,
        cursors,
        emailTag: `profile-${which}-${scenario.id}-${Date.now()}`,
        ...(context.capture === undefined ? {} : { capture: context.capture }),
      };
      const load = (seconds: number, tag: string) =>
        whileSampling(server, () =>
          applyLoad({
            baseUrl: server.baseUrl,
            connections: Math.min(options.connections, scenario.maxConnections ?? options.connections),
            durationSeconds: seconds,
            headers,
            next: scenario.requests({ ...data, emailTag: `${data.emailTag}-${tag}` }, Math.random),
            expectedStatuses: scenario.expectedStatuses,
          }),
        );
      if (which === 'service' && (scenario.id === 'get-warm' || scenario.id === 'mix')) {
        progress(`profiling ${which} · ${scenario.title}: filling the cache…`);
        await fillCache(server.baseUrl, headers, context.userIds, options.connections);
      }
      progress(`profiling ${which} · ${scenario.title}: warm-up…`);
      await load(options.warmupSeconds, 'w');
      progress(`profiling ${which} · ${scenario.title}: ${options.durationSeconds} s under load…`);
      const { result, cpuSeconds } = await load(options.durationSeconds, 'm');
      await cleanups.pop()?.run();
      const parsed = readdirSync(dir)
        .filter((file) => file.endsWith('.cpuprofile'))
        .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile);
      together[which]?.push(...parsed);
      const summary = summarizeProfiles(parsed);
      const cpuPerRequest = result.requests === 0 ? 0 : (cpuSeconds * 1e6) / result.requests;
      sections.push(
        renderProfileSummary(
          `${scenario.title}, ${which}: ${result.requestsPerSecond.toFixed(0)} req/s and ${cpuPerRequest.toFixed(0)} µs CPU per request under the profiler, ${result.errors} errors`,
          summary,
        ),
      );
      say(
        `${which} · ${scenario.title}: ${result.requestsPerSecond.toFixed(0)} req/s, ${cpuPerRequest.toFixed(0)} µs CPU/req; self time: ${summary.byPackage
          .slice(0, 8)
          .map((entry) => `${entry.name} ${(entry.share * 100).toFixed(0)}%`)
          .join(', ')}`,
      );
    }
  }
  const markdown = [
    `# CPU profiles (${new Date().toISOString()})`,
    '',
    'Whole-process profiles (start-up and warm-up included). `native` is time in C++ and system calls (socket and pipe writes show up as `writev` and `writeUtf8String`).',
    '',
    ...context.notes.map((note) => `- ${note}`),
    '',
    ...sections,
    renderProfileSummary('Service, all scenarios together', summarizeProfiles(together['service'] ?? [])),
    renderProfileSummary('Baseline, all scenarios together', summarizeProfiles(together['baseline'] ?? [])),
  ].join('\n');
  writeFileSync(join(RESULTS, 'profile.md'), markdown);
  await cleanUp();
  process.stdout.write(`Profiles in ${profiles}; summary in ${join(RESULTS, 'profile.md')}\n`);
}

let options: BenchOptions & { readonly help: boolean };
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
try {
  await main(options);
  await cleanUp();
} catch (error) {
  say(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  stopLoad();
  await cleanUp();
  process.exit(1);
}
