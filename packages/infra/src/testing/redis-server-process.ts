import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../net/free-port.js';
import { findBinary } from './find-binary.js';

const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

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
    const child = spawn(
      this.binary,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, '--daemonize', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#child = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`redis-server did not start in ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
      const fail = (error: Error): void => {
        clearTimeout(timer);
        this.#child = undefined;
        child.kill('SIGKILL');
        reject(error);
      };
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          child.stdout?.off('data', onData);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => fail(new Error(`redis-server exited with ${String(code)}:\n${output}`)));
    });
    child.removeAllListeners('exit');
    child.stdout?.resume();
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
    if (!child) return;
    this.#child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    child.kill('SIGCONT'); // a frozen server handles the signal only once it runs again
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}
