import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

import {
  HEAP_PROBE_DIR_VARIABLE,
  HEAP_PROBE_SIGNAL,
  heapActivityBetween,
  parseHeapProbeSnapshot,
  type HeapProbeSnapshot,
  type HeapTotals,
} from './heap-accounting.js';

/** A server the bench started, with its output going to a log file through a pipe. */
export interface ManagedServer {
  readonly name: string;
  readonly baseUrl: string;
  readonly pid: number;
  /** From spawn to the first 200 of its readiness path, in milliseconds. */
  readonly coldStartMs: number;
  readonly logPath: string;
  /** Resident set sizes in bytes of the process and its descendants (cluster workers), now. */
  rss(): { readonly peak: number; readonly total: number; readonly processes: number };
  /** CPU time (user and system) used so far by the process and its live descendants, in seconds. */
  cpuSeconds(): number;
  /**
   * The heap probe's running totals of every process of the server that loaded it (heap-probe.ts),
   * taken now; empty when the server was started without a probe directory.
   */
  heapSnapshots(): Promise<HeapProbeSnapshot[]>;
  /** SIGTERM, then SIGKILL to the whole process group if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<number | null>;
}

export interface StartOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly port: number;
  readonly readyPath: string;
  readonly logPath: string;
  readonly readyTimeoutMs?: number;
  /**
   * Where the heap probe of this server's processes writes its snapshots (passed to the server as
   * BENCH_HEAP_PROBE_DIR; the server must load heap-probe.js). Unset: no heap figures.
   */
  readonly heapProbeDir?: string;
}

/**
 * Starts a server in a process group of its own (so that a stuck cluster can be killed whole),
 * its stdout and stderr written to `logPath` by a `cat` reading a pipe, as a container runtime
 * reads a container's stdout; then waits until `readyPath` answers 200.
 */
export async function startServer(options: StartOptions): Promise<ManagedServer> {
  mkdirSync(dirname(options.logPath), { recursive: true });
  const { heapProbeDir } = options;
  if (heapProbeDir !== undefined) {
    rmSync(heapProbeDir, { recursive: true, force: true });
    mkdirSync(heapProbeDir, { recursive: true });
  }
  const sink = spawn('sh', ['-c', 'exec cat > "$0"', options.logPath], { stdio: ['pipe', 'ignore', 'inherit'] });
  const startedAt = performance.now();
  let child: ChildProcess;
  try {
    child = spawn(options.command, [...options.args], {
      env: { ...options.env, ...(heapProbeDir === undefined ? {} : { [HEAP_PROBE_DIR_VARIABLE]: heapProbeDir }) },
      stdio: ['ignore', sink.stdin, sink.stdin],
      detached: true,
    });
  } finally {
    // The server holds its own copy of the pipe; cat ends when the server's copy closes.
    sink.stdin?.destroy();
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.name}: could not start ${options.command}`);

  const stop = async (graceMs = 20_000): Promise<number | null> => {
    if (!hasExited) child.kill('SIGTERM');
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  const deadline = startedAt + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (hasExited) throw new Error(`${options.name} exited before it was ready; its log:\n${tail(options.logPath)}`);
    if (performance.now() > deadline) {
      await stop(2000);
      throw new Error(`${options.name} was not ready within ${options.readyTimeoutMs ?? 60_000} ms; its log:\n${tail(options.logPath)}`);
    }
    const ready = await fetch(`${baseUrl}${options.readyPath}`, { signal: AbortSignal.timeout(1000) }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const coldStartMs = performance.now() - startedAt;
  return {
    name: options.name,
    baseUrl,
    pid,
    coldStartMs,
    logPath: options.logPath,
    rss: () => rssOfTree(pid),
    cpuSeconds: () => cpuOfTree(pid),
    heapSnapshots: () => (heapProbeDir === undefined ? Promise.resolve([]) : snapshotHeaps(heapProbeDir, [pid, ...descendantsOf(pid)])),
    stop,
  };
}

/** The last lines of a log file, for error messages. */
export function tail(path: string, lines = 30): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function rssOfTree(pid: number): { peak: number; total: number; processes: number } {
  let peak = 0;
  let total = 0;
  let processes = 0;
  for (const each of [pid, ...descendantsOf(pid)]) {
    const bytes = rssOf(each);
    if (bytes === undefined) continue;
    processes += 1;
    total += bytes;
    peak = Math.max(peak, bytes);
  }
  return { peak, total, processes };
}

const CLOCK_TICKS_PER_SECOND = 100;
const SNAPSHOT_TIMEOUT_MS = 5000;

/**
 * Asks each process whose probe announced itself in `dir` for its totals (a signal) and waits for
 * the file it rewrites. Processes without a probe file are not signalled: the signal would end them.
 */
async function snapshotHeaps(dir: string, pids: readonly number[]): Promise<HeapProbeSnapshot[]> {
  const read = (pid: number): HeapProbeSnapshot | undefined => {
    const file = join(dir, `${pid}.json`);
    return existsSync(file) ? parseHeapProbeSnapshot(readFileSync(file, 'utf8')) : undefined;
  };
  const asked: { pid: number; after: number }[] = [];
  for (const pid of pids) {
    const current = read(pid);
    if (current === undefined) continue;
    try {
      process.kill(pid, HEAP_PROBE_SIGNAL);
      asked.push({ pid, after: current.sequence });
    } catch {
      // exited meanwhile
    }
  }
  const deadline = performance.now() + SNAPSHOT_TIMEOUT_MS;
  const snapshots: HeapProbeSnapshot[] = [];
  for (const { pid, after } of asked) {
    for (;;) {
      const snapshot = read(pid);
      if (snapshot !== undefined && snapshot.sequence > after) {
        snapshots.push(snapshot);
        break;
      }
      if (performance.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  return snapshots;
}

function cpuOfTree(pid: number): number {
  return [pid, ...descendantsOf(pid)].reduce((sum, each) => sum + (cpuOf(each) ?? 0), 0);
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, counted after the parenthesised name). */
function cpuOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function rssOf(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function descendantsOf(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const listed = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (listed !== '') children.push(...listed.split(/\s+/).map(Number));
    }
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}

/** Samples the peak RSS, the CPU time and the heap probe's totals of a server while `work` runs. */
export async function whileSampling<T>(
  server: ManagedServer,
  work: () => Promise<T>,
): Promise<{ result: T; peakRss: number; peakTotalRss: number; cpuSeconds: number; heap: HeapTotals | undefined }> {
  const heapBefore = await server.heapSnapshots();
  const cpuBefore = server.cpuSeconds();
  let peakRss = 0;
  let peakTotalRss = 0;
  const sample = (): void => {
    const { peak, total } = server.rss();
    peakRss = Math.max(peakRss, peak);
    peakTotalRss = Math.max(peakTotalRss, total);
  };
  sample();
  const timer = setInterval(sample, 250);
  try {
    const result = await work();
    sample();
    const cpuSeconds = server.cpuSeconds() - cpuBefore;
    const heapAfter = await server.heapSnapshots();
    const heap = heapBefore.length === 0 || heapAfter.length === 0 ? undefined : heapActivityBetween(heapBefore, heapAfter);
    return { result, peakRss, peakTotalRss, cpuSeconds, heap };
  } finally {
    clearInterval(timer);
  }
}
