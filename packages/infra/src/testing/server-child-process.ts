import { spawn, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';

const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

/**
 * Starts a server a test runs as a child process and resolves once its log (stdout or stderr) says
 * `readyLine`.
 *
 * @throws Error with the log so far when it exits first or is not ready in time; it is killed then.
 */
export async function spawnUntilReady(binary: string, args: readonly string[], readyLine: string): Promise<ChildProcess> {
  const name = basename(binary);
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start in ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes(readyLine)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`${name} exited with ${String(code)}:\n${output}`)));
  });
  child.removeAllListeners('exit');
  // Keep draining its log so that a full pipe never blocks it.
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

/** Sends `signal` (and SIGCONT, so that a stopped process handles it) and waits for the exit; SIGKILL if it takes too long. */
export async function stopChildProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  child.kill('SIGCONT');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
