import { forSuite } from './for-suite.js';
import { startTestApp, type StartTestAppOptions, type TestApp } from './test-server.js';

type Env = Record<string, string>;
/** Settings, or a function of the suite that gives them when the `before` hook runs (after the hooks registered earlier). */
type EnvOf = Env | ((suite: Mocha.Context) => Env | Promise<Env>);

/** The app of a `describe`, started before its tests and closed after them (see {@link forSuite}). */
export function testAppForSuite(env: EnvOf = {}, options: StartTestAppOptions = {}): TestApp {
  return forSuite(
    async (suite) => startTestApp(await envFor(suite, env), options),
    (app) => app.close(),
  );
}

export interface ServedTestApp extends TestApp {
  /** Where it listens, served as main.ts serves it (see {@link TestApp.listen}). */
  readonly url: string;
  readonly port: number;
}

/** {@link testAppForSuite}, served on a free port of 127.0.0.1 too, for tests that need a real server rather than supertest's. */
export function servedTestAppForSuite(env: EnvOf = {}, options: StartTestAppOptions = {}): ServedTestApp {
  return forSuite(
    async (suite) => {
      const app = await startTestApp(await envFor(suite, env), options);
      const server = await app.listen();
      return {
        ...app,
        url: server.url,
        port: Number(new URL(server.url).port),
        async close() {
          await server.close();
          await app.close();
        },
      };
    },
    (app) => app.close(),
  );
}

async function envFor(suite: Mocha.Context, env: EnvOf): Promise<Env> {
  return typeof env === 'function' ? await env(suite) : env;
}
