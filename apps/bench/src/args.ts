import { parseArgs } from 'node:util';

/** What one `pnpm bench` run does. */
export interface BenchOptions {
  /** Length of each measured run, in seconds. */
  readonly durationSeconds: number;
  /** Load applied before the first measured run of each scenario on each target, in seconds. */
  readonly warmupSeconds: number;
  /** Measured runs per scenario and target; the table shows their medians. */
  readonly rounds: number;
  readonly connections: number;
  /** Also measure the service with one worker per core (PROJ_WORKERS=<cores>, when it supports it). */
  readonly allWorkers: boolean;
  /** Also measure the Express floor (baseline/floor-server.ts) on GET by id with a warm cache: Express's own ceiling. */
  readonly floor: boolean;
  /** Run the service once per scenario under `node --cpu-prof` and summarise where time goes, instead of comparing. */
  readonly profile: boolean;
  /** Only these scenarios (ids), or all. */
  readonly scenarios: readonly string[] | undefined;
  /** An administrative URL of a PostgreSQL server on which the bench creates (and drops) its database; unset: an embedded one. */
  readonly databaseUrl: string | undefined;
  /** A Redis on the loopback for the service's cache, rate limits and idempotency keys, under a key prefix of the run's own. */
  readonly redisUrl: string | undefined;
  /** Extra one-worker services measured alongside, each with some settings changed (what a safeguard or option costs). */
  readonly variants: readonly ServiceVariant[];
  /** Another checkout, built, whose server is measured alongside as `before` (before/after rows in one run). */
  readonly before: string | undefined;
  /** Also measure a one-worker service tracing every request (OTLP to a sink of the bench's), and report the cost per request. */
  readonly tracing: boolean;
}

/** A one-worker service with settings of its own: `--variant name:PROJ_A=1,PROJ_B=2`. */
export interface ServiceVariant {
  readonly name: string;
  readonly env: Readonly<Record<string, string>>;
}

/** @throws Error for anything but `name:KEY=VALUE[,KEY=VALUE...]`. */
export function parseVariant(text: string): ServiceVariant {
  const match = /^([a-z0-9][a-z0-9-]{0,30}):(.+)$/.exec(text);
  if (!match?.[1] || !match[2]) throw new Error(`--variant ${text}: expected name:KEY=VALUE[,KEY=VALUE...]`);
  const env: Record<string, string> = {};
  for (const pair of match[2].split(',')) {
    const assignment = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(pair);
    if (!assignment?.[1] || assignment[2] === undefined) throw new Error(`--variant ${text}: ${pair} is not KEY=VALUE`);
    env[assignment[1]] = assignment[2];
  }
  return { name: match[1], env };
}

export const USAGE = `Usage: pnpm bench [--quick] [--duration <s>] [--warmup <s>] [--rounds <n>] [--connections <n>]
                  [--no-all-workers] [--no-floor] [--scenario <id>]... [--profile]
                  [--variant <name:KEY=VALUE,...>]... [--before <checkout>] [--tracing]
                  [--database-url <postgres://...>] [--redis-url <redis://...>]

Starts the built server (production settings) and a minimal Express + pg baseline over one seeded
database on the loopback, drives both with autocannon, and writes apps/bench/results/latest.{json,md}.
GET by id with a warm cache also runs on the Express floor: Express alone, answering from a Map filled
at start, the most any Express service with an in-process cache could do on this machine.

  --quick           1 round of 2 s (a smoke run, about a minute and a half); the warm-up stays 2 s
  --duration <s>    seconds per measured run (default 4; the issue's reference figures used 10)
  --warmup <s>      seconds of warm-up per scenario and server, right before its first measured run (default 2)
  --rounds <n>      measured runs per scenario and target, alternating service and baseline (default 3)
  --connections <n> concurrent connections (default 32)
  --no-all-workers  skip the service with one worker per core (PROJ_WORKERS=<cores>)
  --no-floor        skip the Express floor (in-memory Map, no I/O) on GET by id with a warm cache
  --scenario <id>   only this scenario (repeatable): get-warm, get-cold, list, post, patch, mix,
                    capture-post, capture-get, capture-similar
  --profile         run the service and the baseline under node --cpu-prof, one scenario at a time, and summarise
  --variant <v>     also measure a one-worker service with settings changed, e.g. no-prepared:PROJ_DATABASE_PREPARED_STATEMENTS=false
  --before <dir>    also measure the server built in another checkout (its apps/server/dist/main.js) as "before"
  --tracing         also measure a one-worker service with OpenTelemetry tracing on and every request sampled
                    (spans sent over OTLP/HTTP to a sink in the bench), next to the service with tracing off,
                    and report what tracing costs per request
  --database-url    PostgreSQL for the bench's own database (default postgres://postgres@127.0.0.1:5432/postgres
                    when it answers, else an embedded PostgreSQL)
  --redis-url       Redis for the service (default redis://127.0.0.1:6379 when it answers); keys get a prefix of
                    the run's own and are deleted at the end
`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** @throws Error with a readable message for an invalid command line. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions & { readonly help: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      'no-all-workers': { type: 'boolean', default: false },
      'no-floor': { type: 'boolean', default: false },
      scenario: { type: 'string', multiple: true },
      profile: { type: 'boolean', default: false },
      'database-url': { type: 'string' },
      'redis-url': { type: 'string' },
      variant: { type: 'string', multiple: true },
      before: { type: 'string' },
      tracing: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const quick = values.quick;
  const databaseUrl = values['database-url'];
  const redisUrl = values['redis-url'];
  if (databaseUrl !== undefined) assertLoopback(databaseUrl, '--database-url');
  if (redisUrl !== undefined) assertLoopback(redisUrl, '--redis-url');
  return {
    help: values.help,
    durationSeconds: positive(values.duration, '--duration', quick ? 2 : 4, 600),
    warmupSeconds: positive(values.warmup, '--warmup', 2, 120, true),
    rounds: positive(values.rounds, '--rounds', quick ? 1 : 3, 15),
    connections: positive(values.connections, '--connections', 32, 1024),
    allWorkers: !values['no-all-workers'],
    floor: !values['no-floor'],
    profile: values.profile,
    scenarios: values.scenario,
    databaseUrl,
    redisUrl,
    variants: (values.variant ?? []).map(parseVariant),
    before: values.before,
    tracing: values.tracing,
  };
}

function positive(text: string | undefined, name: string, fallback: number, max: number, zeroAllowed = false): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  const min = zeroAllowed ? 0 : 1;
  if (!/^\d+$/.test(text) || value < min || value > max) throw new Error(`${name} ${text}: expected a whole number from ${min} to ${max}`);
  return value;
}

/** The bench sends traffic to this machine only. */
function assertLoopback(url: string, name: string): void {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new Error(`${name}: not a URL`);
  }
  if (!LOOPBACK.has(host) && !host.startsWith('127.'))
    throw new Error(`${name}: must point at the loopback (127.0.0.1, localhost or [::1]), not ${host}`);
}
