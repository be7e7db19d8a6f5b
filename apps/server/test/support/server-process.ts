import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const MAIN = join(DIST, 'main.js');
const TOKEN_COMMAND = join(DIST, 'cli', 'token.js');
const PRINTED_TOKEN = /Authorization: Bearer (\S+)/;
const DB_CLI = join(DIST, 'cli', 'db.js');

/** One line the server wrote, parsed when it is JSON. */
export type LogLine = Record<string, unknown> & { readonly message?: string };

/** The built server (`dist/main.js`) run as its own process, as an operator runs it. */
export interface ServerProcess {
  readonly process: ChildProcess;
  readonly baseUrl: string;
  readonly port: number;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** The JSON lines written so far (other lines are skipped). */
  logs(): LogLine[];
  /** Resolves with the first JSON line that satisfies `match`, waiting for it when needed. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /**
   * The token with every scope that the server prints at start when no key is configured
   * (development and test), waiting for it when needed.
   */
  developmentToken(timeoutMs?: number): Promise<string>;
  readonly exited: Promise<number | null>;
}

/**
 * The variables every spawned process gets: PATH, and the coverage directory when the suite runs
 * under c8 (`proj-coverage`), so that the code these processes run (the entry point, the cluster
 * primary and its workers) is measured as well.
 */
function baseEnvironment(): Record<string, string> {
  const coverage = process.env.NODE_V8_COVERAGE;
  return { PATH: process.env.PATH ?? '', ...(coverage === undefined ? {} : { NODE_V8_COVERAGE: coverage }) };
}

/** Starts the server with a minimal environment plus `env`, and waits for its "listening on" line. */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...baseEnvironment(), PROJ_PORT: '0', PROJ_LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set<() => void>();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const logs = (): LogLine[] =>
    output.split('\n').flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    });
  const waitForOutput = <T>(find: () => T | undefined, what: string, timeoutMs: number): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = find();
        if (found !== undefined) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no ${what} within ${timeoutMs} ms:\n${output}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const waitForLog = (match: (line: LogLine) => boolean, timeoutMs = 60_000): Promise<LogLine> =>
    waitForOutput(() => logs().find(match), 'matching log line', timeoutMs);
  const developmentToken = (timeoutMs = 10_000): Promise<string> =>
    waitForOutput(() => PRINTED_TOKEN.exec(output)?.[1], 'printed development token', timeoutMs);
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), 90_000);
    const onListening = (): void => {
      const match = /listening on (http:\/\/[^\s]+?) \(/.exec(output);
      if (!match?.[1]) return;
      waiters.delete(onListening);
      clearTimeout(timer);
      const baseUrl = match[1];
      resolve({
        process: child,
        baseUrl,
        port: Number(new URL(baseUrl).port),
        output: () => output,
        logs,
        waitForLog,
        developmentToken,
        exited,
      });
    };
    waiters.add(onListening);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${String(code)} before listening:\n${output}`));
    });
  });
}

/** What a process that ran to its end wrote, and its exit code. */
export interface FinishedProcess {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the server until it exits by itself (for start-up failures). */
export function runServerToExit(env: Record<string, string>): Promise<FinishedProcess> {
  return runToExit([MAIN], env);
}

/**
 * Runs `pnpm run token`'s script (`dist/cli/token.js`) with `args`, in a directory of its own so
 * that no developer's `.env` changes what it sees.
 */
export function runTokenCommand(args: readonly string[], env: Record<string, string>): Promise<FinishedProcess> {
  const cwd = mkdtempSync(join(tmpdir(), 'proj-token-command-'));
  return runToExit([TOKEN_COMMAND, ...args], env, cwd).finally(() => rmSync(cwd, { recursive: true, force: true }));
}

/**
 * Runs the db command line (`dist/cli/db.js`, what `pnpm db:*` runs) with `args` to its end, in a
 * directory of its own so that no developer's `.env` or `.data/` changes what it sees.
 */
export function runDbCli(args: readonly string[], env: Record<string, string>): Promise<FinishedProcess> {
  const cwd = mkdtempSync(join(tmpdir(), 'proj-db-command-'));
  return runToExit([DB_CLI, ...args], env, cwd).finally(() => rmSync(cwd, { recursive: true, force: true }));
}

function runToExit(args: readonly string[], env: Record<string, string>, cwd?: string): Promise<FinishedProcess> {
  const child = spawn(process.execPath, args, { env: { ...baseEnvironment(), ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}
