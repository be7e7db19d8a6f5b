import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../net/free-port.js';
import { findBinary } from './find-binary.js';
import { spawnUntilReady, stopChildProcess } from './server-child-process.js';

/** The `redis-server` binary on this machine: `/usr/bin/redis-server` or the first on PATH. */
export function findRedisServerBinary(path = process.env.PATH ?? ''): string | undefined {
  return findBinary('redis-server', ['/usr/bin/redis-server'], path);
}

/**
 * A redis-server of a test's own, on a free port of 127.0.0.1 with nothing persisted, that the
 * test may stop, kill and restart (on the same port) without touching any shared server.
 */
export class RedisServerProcess {
  #child: ChildProcess | undefined;

  private constructor(
    readonly binary: string,
    readonly port: number,
    private readonly dir: string,
  ) {}

  /** @throws Error when no redis-server binary exists or it does not start. */
  static async start(options: { readonly binary?: string } = {}): Promise<RedisServerProcess> {
    const binary = options.binary ?? findRedisServerBinary();
    if (!binary) throw new Error('no redis-server binary (install the redis-server package)');
    const server = new RedisServerProcess(binary, await freePort(), mkdtempSync(join(tmpdir(), 'proj-test-redis-')));
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.#child !== undefined;
  }

  /** Starts the server again on the same port (after `stop` or `kill`). */
  async restart(): Promise<void> {
    if (this.#child) return;
    this.#child = await spawnUntilReady(
      this.binary,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, '--daemonize', 'no'],
      'Ready to accept connections',
    );
  }

  /** Makes the server hang (SIGSTOP), as an overloaded or stalled server does, until {@link thaw}. */
  freeze(): void {
    this.#child?.kill('SIGSTOP');
  }

  /** Ends a {@link freeze}: the server answers what waited, then everything else. */
  thaw(): void {
    this.#child?.kill('SIGCONT');
  }

  /** Stops the server the way an operator would (SIGTERM). */
  stop(): Promise<void> {
    return this.#end('SIGTERM');
  }

  /** Kills the server abruptly, as a crash would (SIGKILL). */
  kill(): Promise<void> {
    return this.#end('SIGKILL');
  }

  /** Stops the server and removes its directory. */
  async dispose(): Promise<void> {
    await this.#end('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }

  async #end(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child) await stopChildProcess(child, signal);
  }
}
