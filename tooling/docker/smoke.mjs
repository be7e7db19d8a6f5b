#!/usr/bin/env node
// `pnpm docker:smoke [--report <file.json>]`: the production image and docker-compose.yml, run for
// real (see README.md beside this file and docs/operations.md, "Smoke test of the image and the
// stack"):
//   1. a Docker engine answers (engine.sh starts one when it can; none → one line, skipped);
//   2. the base images exist (base-images.sh: pulled, or local stand-ins where no registry answers);
//   3. the image builds (timed);
//   4. the image holds no type package (`@types/*`) and no ReDoc React tree;
//   5. stack A: `.env` from `pnpm env:init`, `up`, healthy (timed); a user registered and read back
//      through the published port with a token minted inside the server container with the stack's
//      secret; the ReDoc page and its one-file bundle served; the server runs as a non-root user
//      under an init; SIGTERM stops it within the grace period with exit status 0;
//   6. stack B: an empty volume whose first initialisation is slowed down on purpose (an init script
//      that sleeps) and a database password full of URL-reserved characters: migrate waits, the
//      server comes up healthy and serves;
//   7. no secret value of either stack appears in any container's log;
//   8. everything torn down (`down -v`), also on failure or Ctrl-C, leaving no container, volume
//      (no anonymous one either) or network behind.
// Prints one line per check, the figures (image size, build time, time from `up` to healthy), and
// "docker smoke: N passed, M failed". --report writes the totals in the shape the root test summary
// reads (tooling/mocha/summarize.mjs). Exits 1 when a check failed, 0 when all passed or skipped.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { findSecrets, parseEnvFile, redact, reservedPassword } from './smoke-lib.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
// A tag of this run's own (two runs at once on one engine must not swap images); removed at the
// end, and the images of earlier builds that nothing tags any more pruned (see the build step).
const IMAGE_TAG = `smoke-${process.pid}`;
const IMAGE = `proj-server:${IMAGE_TAG}`;
const HEALTHY_DEADLINE_MS = 240_000;
const GRACE_SECONDS = 15;
const SLOW_INIT_SECONDS = 12;

const { values: options } = parseArgs({ options: { report: { type: 'string' } }, strict: true });
const started = Date.now();
const results = { passes: 0, failures: 0, pending: 0 };
const figures = [];
const projects = [];
const scratch = mkdtempSync(join(tmpdir(), 'proj-docker-smoke-'));

const say = (line) => process.stdout.write(`${line}\n`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function report() {
  const duration = Date.now() - started;
  if (options.report) {
    const file = resolve(options.report);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({ suite: 'docker smoke', ...results, tests: results.passes + results.failures + results.pending, duration }),
    );
  }
  if (results.pending && !results.passes && !results.failures) return; // skipped: its one line is out
  say(
    `docker smoke: ${results.passes} passed, ${results.failures} failed${results.pending ? `, ${results.pending} skipped` : ''} in ${seconds(duration)}`,
  );
}

/** Runs a command; resolves with its exit code and output, never rejects (unless it cannot start). */
function run(file, args, { env, input, timeoutMs = 600_000, quiet = true } = {}) {
  return new Promise((done, fail) => {
    const child = execFile(
      file,
      args,
      { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number' && !error.killed) return fail(error);
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin.end(input);
    if (!quiet) child.stderr.pipe(process.stderr);
  });
}

async function must(file, args, opts) {
  const result = await run(file, args, opts);
  if (result.code !== 0)
    throw new Error(`${file} ${args.join(' ')} exited with ${result.code}:\n${(result.stderr || result.stdout).trim().slice(-3000)}`);
  return result.stdout;
}

/** One check: counted, printed, never throws (a failed prerequisite fails the checks after it). */
async function check(name, body) {
  const t0 = Date.now();
  try {
    const detail = await body();
    results.passes += 1;
    say(`  ok   ${name}${detail ? ` (${detail})` : ''} [${seconds(Date.now() - t0)}]`);
    return true;
  } catch (error) {
    results.failures += 1;
    say(`  FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

let compose; // ['docker', 'compose'] (v2) or ['docker-compose'] (v1)

async function pickCompose() {
  if ((await run('docker', ['compose', 'version'])).code === 0) return ['docker', 'compose'];
  if ((await run('docker-compose', ['version']).catch(() => ({ code: 1 }))).code === 0) return ['docker-compose'];
  throw new Error('neither `docker compose` (v2) nor `docker-compose` (v1) is installed');
}

/** A compose project of its own: a folder with its .env, a free port, a unique name. */
async function makeStack(label, { env, overrides = [] }) {
  const dir = join(scratch, label);
  mkdirSync(dir, { recursive: true });
  const envFile = join(dir, '.env');
  const name = `projsmoke${label}${process.pid}`;
  const port = await freePort();
  const secrets = await env(envFile);
  const files = ['-f', COMPOSE_FILE];
  for (const [i, text] of overrides.entries()) {
    const file = join(dir, `override-${i}.yml`);
    writeFileSync(file, text);
    files.push('-f', file);
  }
  const base = [...compose.slice(1), '--project-name', name, '--env-file', envFile, ...files];
  const stack = {
    name,
    port,
    secrets,
    env: { ...images, PROJ_IMAGE_TAG: IMAGE_TAG, PROJ_PUBLISHED_PORT: String(port), PROJ_STOP_GRACE_PERIOD: `${GRACE_SECONDS}s` },
    compose(args, opts = {}) {
      return run(compose[0], [...base, ...args], { ...opts, env: { ...this.env, ...opts.env } });
    },
    async container(service) {
      const id = (await this.compose(['ps', '-q', service])).stdout.trim();
      if (!id) throw new Error(`no ${service} container`);
      return id;
    },
    async logs() {
      return (await this.compose(['logs', '--no-color'])).stdout;
    },
  };
  projects.push(stack);
  return stack;
}

async function inspect(id, format) {
  return (await must('docker', ['inspect', '-f', format, id])).trim();
}

/** `up -d`, then polls the server's health until healthy; returns the milliseconds it took. */
async function upHealthy(stack) {
  const t0 = Date.now();
  const up = await stack.compose(['up', '-d', '--no-build'], { timeoutMs: HEALTHY_DEADLINE_MS });
  if (up.code !== 0) {
    throw new Error(
      `up exited with ${up.code}:\n${(up.stderr + up.stdout).trim().slice(-2000)}\nlogs:\n${redact(await stack.logs(), stack.secrets).slice(-4000)}`,
    );
  }
  const server = await stack.container('server');
  for (;;) {
    const status = await inspect(server, '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}');
    if (status === 'running healthy') return Date.now() - t0;
    if (Date.now() - t0 > HEALTHY_DEADLINE_MS) {
      throw new Error(
        `server ${status} after ${seconds(Date.now() - t0)}; logs:\n${redact(await stack.logs(), stack.secrets).slice(-4000)}`,
      );
    }
    await sleep(500);
  }
}

async function migrateSucceeded(stack) {
  const id = (await stack.compose(['ps', '-a', '-q', 'migrate'])).stdout.trim();
  if (!id) throw new Error('no migrate container');
  const state = await inspect(id, '{{.State.Status}} {{.State.ExitCode}}');
  if (state !== 'exited 0')
    throw new Error(`migrate is "${state}"; its log:\n${redact((await run('docker', ['logs', id])).stderr, stack.secrets).slice(-3000)}`);
}

/** Mints a token inside the server container (its own PROJ_AUTH_JWT_SECRET), registers a user through the published port and reads it back. */
async function registerAndRead(stack) {
  const server = await stack.container('server');
  const token = (
    await must('docker', [
      'exec',
      server,
      'node',
      'dist/cli/token.js',
      '--scope',
      'accounts:write',
      '--scope',
      'accounts:read',
      '--ttl',
      '10m',
    ])
  ).trim();
  stack.secrets.push(token);
  const base = `http://127.0.0.1:${stack.port}`;
  const email = `smoke-${randomBytes(4).toString('hex')}@example.com`;
  const created = await fetch(`${base}/v1/accounts/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email, full_name: 'Smoke Test' }),
  });
  const createdBody = await created.text();
  if (created.status !== 201) throw new Error(`POST /v1/accounts/users: ${created.status} ${createdBody}`);
  const location = created.headers.get('location');
  if (!location) throw new Error('201 without a Location header');
  const read = await fetch(`${base}${location}`, { headers: { authorization: `Bearer ${token}` } });
  const user = await read.json();
  if (read.status !== 200 || user.email !== email) throw new Error(`GET ${location}: ${read.status} ${JSON.stringify(user)}`);
  const anonymous = await fetch(`${base}${location}`);
  if (anonymous.status !== 401) throw new Error(`GET ${location} without a token: ${anonymous.status}, expected 401`);
  return `${location} read back; 401 without the token`;
}

let images = {};
/** Unused volumes before the stacks start: a new one after `down -v` is one the stack left (anonymous). */
let danglingBefore;

async function main() {
  const engine = await run(join(HERE, 'engine.sh'), []);
  if (engine.code === 3) {
    results.pending += 1;
    say(`docker smoke: skipped (${engine.stderr.trim().split('\n').pop()})`);
    return;
  }
  if (engine.code !== 0) throw new Error(`engine.sh exited with ${engine.code}: ${engine.stderr.trim()}`);
  say('docker smoke: the production image and docker-compose.yml, run for real');
  if (engine.stderr.trim()) say(engine.stderr.trim());
  compose = await pickCompose();
  const engineVersion = (await must('docker', ['version', '-f', '{{.Server.Version}}'])).trim();
  const composeVersion = (await must(compose[0], [...compose.slice(1), 'version', '--short'])).trim();
  figures.push(`engine ${engineVersion}, compose ${composeVersion}`);

  let ready = await check('base images present (pulled or made locally)', async () => {
    const out = await must(join(HERE, 'base-images.sh'), [], { quiet: false, timeoutMs: 1_200_000 });
    images = parseEnvFile(out);
    delete images.NODE_IMAGE;
    return Object.values(images).join(', ');
  });

  ready &&= await check('the image builds', async () => {
    const t0 = Date.now();
    // Labelled, and the last build's stages tagged `smoke-last`/`smoke-build-last`: those stay as the
    // build cache while the end of the run prunes the labelled images no tag holds any more.
    const build = ['build', '-q', '--label', 'proj.smoke=true'];
    await must('docker', [...build, '-t', IMAGE, '-t', 'proj-server:smoke-last', '.'], { timeoutMs: 1_800_000 });
    await must('docker', [...build, '--target', 'build', '-t', 'proj-server:smoke-build-last', '.'], { timeoutMs: 600_000 });
    const size = Number(await inspect(IMAGE, '{{.Size}}'));
    figures.push(
      `image ${IMAGE}: ${(size / 1e6).toFixed(0)} MB, built in ${seconds(Date.now() - t0)} (cached layers when nothing changed)`,
    );
    return `${(size / 1e6).toFixed(0)} MB`;
  });

  if (ready) {
    await check('the image holds no type package and no ReDoc React tree', async () => {
      // Names, not paths: pnpm keeps each package under node_modules/.pnpm/<name@version>/node_modules.
      const unwanted = ['(', '-name', '@types', '-o', '-name', 'redoc', '-o', '-name', 'react', ')', '-prune', '-print'];
      const found = (await must('docker', ['run', '--rm', '--entrypoint', 'find', IMAGE, 'node_modules', ...unwanted]))
        .split('\n')
        .filter(Boolean);
      if (found.length > 0) throw new Error(`${found.length} found, e.g. ${found.slice(0, 3).join(', ')}`);
      const megabytes = (await must('docker', ['run', '--rm', '--entrypoint', 'du', IMAGE, '-sm', 'node_modules'])).split('\t')[0];
      figures.push(`image ${IMAGE}: node_modules ${megabytes} MB`);
      return `node_modules ${megabytes} MB`;
    });
  }

  danglingBefore = new Set((await must('docker', ['volume', 'ls', '-q', '--filter', 'dangling=true'])).split('\n'));
  if (ready) await stackA();
  if (ready) await stackB();
}

async function stackA() {
  say('stack A: generated .env, published port, token, user, SIGTERM');
  const stack = await makeStack('a', {
    env: async (file) => {
      await must(process.execPath, [join(ROOT, 'tooling', 'compose', 'env-init.mjs'), file]);
      return Object.values(parseEnvFile(readFileSync(file, 'utf8')));
    },
  });
  const healthy = await check('up → server healthy', async () => {
    const ms = await upHealthy(stack);
    figures.push(`stack A: up → healthy in ${seconds(ms)}`);
    return seconds(ms);
  });
  if (!healthy) return finishStack(stack, 6);
  await check('migrate ran to completion before the server', () => migrateSucceeded(stack));
  await check('a user registered and read back through the published port', () => registerAndRead(stack));
  await check('the ReDoc page and its one-file bundle are served', async () => {
    const base = `http://127.0.0.1:${stack.port}`;
    const page = await fetch(`${base}/redoc`);
    if (page.status !== 200 || !(await page.text()).includes('redoc.standalone.js')) throw new Error(`GET /redoc: ${page.status}`);
    const bundle = await fetch(`${base}/redoc/redoc.standalone.js`);
    const bytes = (await bundle.arrayBuffer()).byteLength;
    if (bundle.status !== 200 || bytes < 100_000) throw new Error(`GET /redoc/redoc.standalone.js: ${bundle.status}, ${bytes} bytes`);
    return `bundle ${(bytes / 1e6).toFixed(1)} MB`;
  });
  await check('the server runs as a non-root user under an init', async () => {
    const server = await stack.container('server');
    const uid = (await must('docker', ['exec', server, 'id', '-u'])).trim();
    if (uid === '0') throw new Error('runs as root');
    const pid1 = (await must('docker', ['exec', server, 'cat', '/proc/1/cmdline'])).split('\0')[0];
    if (!/init|tini/.test(pid1)) throw new Error(`PID 1 is ${pid1}, not an init`);
    return `uid ${uid}, PID 1 ${pid1}`;
  });
  await check(`SIGTERM stops the server within the ${GRACE_SECONDS} s grace period`, async () => {
    const server = await stack.container('server');
    const t0 = Date.now();
    const stop = await stack.compose(['stop', 'server']);
    if (stop.code !== 0) throw new Error(`stop exited with ${stop.code}: ${stop.stderr.trim()}`);
    const ms = Date.now() - t0;
    const exit = await inspect(server, '{{.State.ExitCode}}');
    if (exit !== '0') throw new Error(`exit status ${exit} after ${seconds(ms)} (137: killed at the end of the grace period)`);
    if (ms >= GRACE_SECONDS * 1000) throw new Error(`took ${seconds(ms)}`);
    const logs = (await run('docker', ['logs', server])).stdout;
    figures.push(`SIGTERM → exited 0 in ${seconds(ms)} (docker stop round trip)`);
    return `exit 0 in ${seconds(ms)}${/shut|stop|drain/i.test(logs) ? ', shutdown logged' : ''}`;
  });
  await finishStack(stack, 0);
}

async function stackB() {
  say(`stack B: empty volume, first initialisation slowed by ${SLOW_INIT_SECONDS} s, URL-reserved characters in the password`);
  const slow = join(scratch, 'b-slow-init.sh');
  writeFileSync(
    slow,
    `# Slows the first initialisation down, as a large restore or a slow disk would.\necho 'slow init: sleeping ${SLOW_INIT_SECONDS} s'\nsleep ${SLOW_INIT_SECONDS}\n`,
  );
  const stack = await makeStack('b', {
    env: async (file) => {
      const secrets = {
        POSTGRES_PASSWORD: reservedPassword(),
        PROJ_CURSOR_SECRET: randomBytes(36).toString('base64'),
        PROJ_AUTH_JWT_SECRET: randomBytes(36).toString('base64'),
      };
      writeFileSync(
        file,
        `${Object.entries(secrets)
          .map(([k, v]) => `${k}=${v}`)
          .join('\n')}\n`,
        { mode: 0o600 },
      );
      return Object.values(secrets);
    },
    overrides: [`services:\n  postgres:\n    volumes:\n      - ${slow}:/docker-entrypoint-initdb.d/00-slow-init.sh:ro\n`],
  });
  const healthy = await check('up on an empty, slow-initialising volume → server healthy', async () => {
    const ms = await upHealthy(stack);
    figures.push(`stack B (first initialisation slowed by ${SLOW_INIT_SECONDS} s): up → healthy in ${seconds(ms)}`);
    return seconds(ms);
  });
  if (!healthy) return finishStack(stack, 2);
  await check('the slow initialisation ran, and migrate then succeeded with the reserved-character password', async () => {
    const postgres = (await stack.compose(['logs', '--no-color', 'postgres'])).stdout;
    if (!postgres.includes('slow init: sleeping')) throw new Error('the slow init script did not run (not an empty volume?)');
    await migrateSucceeded(stack);
  });
  await check('PostgreSQL was healthy only once it answered over TCP (migrate never had to wait)', async () => {
    const migrate = (await stack.compose(['logs', '--no-color', 'migrate'])).stdout;
    if (/waiting up to \d+ s for the database/.test(migrate)) {
      throw new Error('migrate started while PostgreSQL was still initialising: the health check passed too early');
    }
  });
  await check('the server serves with that password', () => registerAndRead(stack));
  await finishStack(stack, 0);
}

/** The secret check on the stack's logs, then `down -v`; `skipped` checks count as failed. */
async function finishStack(stack, skipped) {
  results.failures += skipped;
  if (skipped) say(`  FAIL ${skipped} check(s) of this stack not run (see above)`);
  await check(`no secret value in any container log of stack ${stack.name}`, async () => {
    const found = findSecrets(await stack.logs(), stack.secrets);
    if (found.length > 0) throw new Error(`found ${found.length} secret value(s) (or their URL encoding) in the logs`);
    return `${stack.secrets.length} values checked`;
  });
  await down(stack);
  await check('down -v leaves no container, volume or network behind (no anonymous Redis volume)', async () => {
    const filter = `label=com.docker.compose.project=${stack.name}`;
    const left = [
      ...(await must('docker', ['ps', '-a', '-q', '--filter', filter])).split('\n'),
      ...(await must('docker', ['volume', 'ls', '-q', '--filter', filter])).split('\n'),
      ...(await must('docker', ['volume', 'ls', '-q', '--filter', 'dangling=true']))
        .split('\n')
        .filter((v) => danglingBefore && !danglingBefore.has(v)),
      ...(await must('docker', ['network', 'ls', '-q', '--filter', filter])).split('\n'),
    ].filter(Boolean);
    if (left.length > 0) throw new Error(`left behind: ${left.join(', ')}`);
  });
}

async function down(stack) {
  const result = await stack.compose(['down', '-v', '--remove-orphans'], { timeoutMs: 120_000 });
  const index = projects.indexOf(stack);
  if (index >= 0) projects.splice(index, 1);
  if (result.code !== 0) say(`  warning: down -v for ${stack.name} exited with ${result.code}: ${result.stderr.trim().slice(-500)}`);
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    say(`docker smoke: ${signal}, tearing down`);
    void Promise.allSettled(projects.map(down)).then(() => process.exit(130));
  });
}

try {
  await main();
} catch (error) {
  results.failures += 1;
  say(`  FAIL ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await Promise.allSettled(projects.map(down));
  await run('docker', ['image', 'rm', '--no-prune', IMAGE]).catch(() => undefined);
  await run('docker', ['image', 'prune', '--force', '--filter', 'label=proj.smoke=true']).catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
  for (const figure of figures) say(`  figure: ${figure}`);
  report();
}
process.exit(results.failures > 0 ? 1 : 0);
