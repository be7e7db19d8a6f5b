// What one request passes through: the Express frames (middleware and handlers, in order) and the
// project files whose code runs, for `POST /v1/accounts/users` (or the method and path given) on
// the real server wiring over PostgreSQL as tests run it (so with response validation, one frame).
//   pnpm --filter @proj/server bench:path [METHOD] [PATH]
import { Session } from 'node:inspector/promises';
import path from 'node:path';

import type { Express } from 'express';

import { newUserBody } from '../support/http.js';
import { mochaHooks, startTestApp } from '../support/test-server.js';

const method = (process.argv[2] ?? 'POST').toLowerCase() as 'post' | 'get';
const target = process.argv[3] ?? '/v1/accounts/users';
const repository = path.resolve(import.meta.dirname, '../../../..');

interface Layer {
  name: string;
  handle: ((...args: unknown[]) => unknown) & { stack?: Layer[] };
  route?: { stack: Layer[] };
}

/** Wraps every layer of the app (routers and routes included) to record the frames a request enters. */
function recordFrames(app: Express): string[] {
  const frames: string[] = [];
  const wrap = (stack: Layer[]): void => {
    for (const layer of stack) {
      if (layer.route) wrap(layer.route.stack);
      else if (layer.handle.stack) wrap(layer.handle.stack);
      if (layer.route || layer.handle.stack) continue;
      const handle = layer.handle;
      const name = layer.name;
      const wrapped = function (this: unknown, ...args: unknown[]): unknown {
        frames.push(name);
        return handle.apply(this, args);
      };
      Object.defineProperty(wrapped, 'length', { value: handle.length });
      layer.handle = wrapped;
    }
  };
  wrap((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return frames;
}

/** Project files (not node_modules) with a function whose call count `after` is higher than `before`. */
function filesRun(before: Map<string, number>, after: Map<string, number>): string[] {
  const files = new Set<string>();
  for (const [key, count] of after) {
    if (count > (before.get(key) ?? 0)) files.add(key.split('#')[0] ?? key);
  }
  return (
    [...files]
      .filter((url) => url.startsWith('file://') && !url.includes('/node_modules/'))
      .map((url) => path.relative(repository, new URL(url).pathname))
      // The test harness (its recording logger) is not the service's code.
      .filter((file) => !file.startsWith('..') && !file.includes('/test/') && !file.includes('/dist/testing/'))
      .sort()
  );
}

async function callCounts(session: Session): Promise<Map<string, number>> {
  const { result } = await session.post('Profiler.takePreciseCoverage');
  const counts = new Map<string, number>();
  for (const script of result) {
    for (const fn of script.functions) {
      const key = `${script.url}#${fn.functionName}@${fn.ranges[0]?.startOffset ?? 0}`;
      counts.set(key, fn.ranges[0]?.count ?? 0);
    }
  }
  return counts;
}

const t = await startTestApp({ PROJ_RATE_LIMIT_PER_MINUTE: '600', PROJ_LOG_LEVEL: 'error' });
const session = new Session();
session.connect();
try {
  const send = () => (method === 'post' ? t.api.post(target).send(newUserBody()) : t.api.get(target));
  await send(); // warm up: every module loaded, every lazy path taken once
  await session.post('Profiler.enable');
  await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
  const frames = recordFrames(t.app);
  const before = await callCounts(session);
  const response = await send();
  const after = await callCounts(session);
  const files = filesRun(before, after);
  console.log(`${method.toUpperCase()} ${target} -> ${response.status}`);
  console.log(`${frames.length} Express frames: ${frames.join(' > ')}`);
  console.log(`${files.length} project files:\n  ${files.join('\n  ')}`);
} finally {
  session.disconnect();
  await t.close();
  await mochaHooks.afterAll();
}
