import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../net/free-port.js';
import { findBinary } from './find-binary.js';
import { spawnUntilReady, stopChildProcess } from './server-child-process.js';

/** The `pgbouncer` binary on this machine: Debian's `/usr/sbin/pgbouncer` or the first on PATH. */
export function findPgBouncerBinary(path = process.env.PATH ?? ''): string | undefined {
  return findBinary('pgbouncer', ['/usr/sbin/pgbouncer'], path);
}

export interface PgBouncerOptions {
  /** The PostgreSQL server PgBouncer forwards to (its user and password are used for the server logins). */
  readonly upstreamUrl: string;
  /** `transaction` (the default: the mode that breaks session state) or `session`. */
  readonly poolMode?: 'transaction' | 'session';
  /** Server connections per database and user (PgBouncer's `default_pool_size`); default 4. */
  readonly poolSize?: number;
  /**
   * Startup parameters PgBouncer drops instead of refusing the client; default
   * `extra_float_digits` and `statement_timeout` (which `pg` sends when a statement timeout is set).
   */
  readonly ignoreStartupParameters?: readonly string[];
  readonly binary?: string;
}

/**
 * A PgBouncer of a test's own on a free port of 127.0.0.1, in front of `upstreamUrl`, with every
 * database name forwarded to the same server. Clients connect without a password (auth `trust`:
 * it listens on the loopback interface only). Started as root, it drops to the `nobody` user,
 * since PgBouncer refuses to run as root.
 */
export class PgBouncerProcess {
  private constructor(
    readonly port: number,
    private readonly user: string,
    private readonly dir: string,
    private readonly child: ChildProcess,
  ) {}

  /** @throws Error when no pgbouncer binary exists or it does not start. */
  static async start(options: PgBouncerOptions): Promise<PgBouncerProcess> {
    const binary = options.binary ?? findPgBouncerBinary();
    if (!binary) throw new Error('no pgbouncer binary (install the pgbouncer package)');
    const upstream = new URL(options.upstreamUrl);
    const user = decodeURIComponent(upstream.username) || 'postgres';
    const password = decodeURIComponent(upstream.password);
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'proj-test-pgbouncer-'));
    chmodSync(dir, 0o755);
    const server = [
      `host=${upstream.hostname}`,
      `port=${upstream.port || '5432'}`,
      `user=${user}`,
      ...(password ? [`password=${password}`] : []),
    ].join(' ');
    const config = [
      '[databases]',
      `* = ${server}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      `pool_mode = ${options.poolMode ?? 'transaction'}`,
      `default_pool_size = ${options.poolSize ?? 4}`,
      'max_client_conn = 500',
      `ignore_startup_parameters = ${(options.ignoreStartupParameters ?? ['extra_float_digits', 'statement_timeout']).join(',')}`,
      ...(process.getuid?.() === 0 ? ['user = nobody'] : []),
    ].join('\n');
    writeFileSync(join(dir, 'users.txt'), `"${user}" ""\n`, { mode: 0o644 });
    writeFileSync(join(dir, 'pgbouncer.ini'), `${config}\n`, { mode: 0o644 });
    const child = await spawnUntilReady(binary, [join(dir, 'pgbouncer.ini')], 'process up');
    return new PgBouncerProcess(port, user, dir, child);
  }

  /** A URL of `database` through this PgBouncer. */
  urlFor(database: string): string {
    return `postgres://${encodeURIComponent(this.user)}@127.0.0.1:${this.port}/${encodeURIComponent(database)}`;
  }

  /** Stops PgBouncer (SIGINT: it closes at once) and removes its directory. */
  async dispose(): Promise<void> {
    await stopChildProcess(this.child, 'SIGINT');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * For a suite's `before` hook: a PgBouncer in front of `options.upstreamUrl`, or, when this machine
 * has no pgbouncer binary, a skip of the suite (mocha's `this.skip()`) that first says why.
 */
export async function pgBouncerOrSkip(suite: { skip(): never }, options: PgBouncerOptions): Promise<PgBouncerProcess> {
  if (!(options.binary ?? findPgBouncerBinary())) {
    console.warn('    skipped: no pgbouncer binary to start (apt-get install pgbouncer; .ci/run installs it where it runs as root)');
    suite.skip();
  }
  return PgBouncerProcess.start(options);
}
