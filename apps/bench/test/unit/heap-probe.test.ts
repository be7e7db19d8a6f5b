import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

import { HEAP_PROBE_DIR_VARIABLE, HEAP_PROBE_SIGNAL, parseHeapProbeSnapshot, type HeapProbeSnapshot } from '../../src/heap-accounting.js';

const PROBE = fileURLToPath(new URL('../../src/heap-probe.ts', import.meta.url));

// A process that loads the probe, announces itself, and on each line of stdin allocates the
// number of kilobytes it reads: arrays of 126 small integers (a 1 KB backing store and a 32-byte
// array each, on 64-bit V8 without pointer compression, as Node ships), kept for a while, then dropped.
const CHILD = `
process.stdin.setEncoding('utf8');
let rest = '';
process.stdin.on('data', (chunk) => {
  rest += chunk;
  for (let at = rest.indexOf('\\n'); at >= 0; at = rest.indexOf('\\n')) {
    const kilobytes = Number(rest.slice(0, at));
    rest = rest.slice(at + 1);
    let kept = [];
    for (let i = 0; i < kilobytes; i += 1) { kept.push(new Array(126).fill(i)); if (kept.length > 256) kept = []; }
    process.stdout.write('done\\n');
  }
});
process.stdout.write('ready\\n');
`;

describe('heap-probe (in a child process)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'heap-probe-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes running totals on each signal, counting what the process allocated in between', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', PROBE, '--input-type=module', '-e', CHILD], {
      env: { ...process.env, [HEAP_PROBE_DIR_VARIABLE]: dir },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      const lines: string[] = [];
      const waiters: (() => void)[] = [];
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        for (const line of chunk.split('\n').filter(Boolean)) {
          lines.push(line);
          waiters.shift()?.();
        }
      });
      const nextLine = (): Promise<void> => new Promise((resolve) => waiters.push(resolve));
      const snapshot = (): HeapProbeSnapshot | undefined => parseHeapProbeSnapshot(readFileSync(join(dir, `${child.pid}.json`), 'utf8'));
      const signalled = async (sequence: number): Promise<HeapProbeSnapshot> => {
        child.kill(HEAP_PROBE_SIGNAL);
        for (;;) {
          const current = snapshot();
          if (current !== undefined && current.sequence >= sequence) return current;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };

      await nextLine();
      expect(snapshot()).to.deep.include({
        pid: child.pid,
        sequence: 0,
        totals: { allocatedBytes: 0, gcPauseMicroseconds: 0, eventLoopActiveMicroseconds: 0, scavenges: 0, markCompacts: 0 },
      });
      const first = await signalled(1);
      child.stdin.write('20000\n');
      await nextLine();
      const second = await signalled(2);

      // About 20 MB of strings (two bytes of header and length per character aside), some of it collected.
      const allocated = second.totals.allocatedBytes - first.totals.allocatedBytes;
      expect(allocated).to.be.within(19 * 1024 * 1024, 60 * 1024 * 1024);
      expect(second.totals.scavenges).to.be.greaterThan(0);
      expect(second.totals.gcPauseMicroseconds).to.be.greaterThan(0);
      // The loop was busy allocating for at least as long as it spent collecting.
      expect(second.totals.eventLoopActiveMicroseconds).to.be.greaterThan(second.totals.gcPauseMicroseconds);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('does nothing without a directory to write to', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', PROBE, '-e', "process.stdout.write(String(process.listenerCount('SIGUSR2')))"],
      {
        env: { ...process.env, [HEAP_PROBE_DIR_VARIABLE]: '' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (output += chunk));
    await new Promise((resolve) => child.once('exit', resolve));
    expect(output).to.equal('0');
  });
});
