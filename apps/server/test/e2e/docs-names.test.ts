import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';
import request from 'supertest';

import { isProblemCode } from '@proj/api';
import { healthCheckNamesQuoted, markdownFiles, metricNamesQuoted } from '@proj/docs-check';

import { testAppForSuite } from '../support/test-app-for-suite.js';
import { sharedRedisEnv } from '../support/test-server.js';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** The operator documentation: docs/ (decision records are history, so they are left out) and the README. */
function operatorDocs(): { file: string; markdown: string }[] {
  return markdownFiles(repositoryRoot)
    .filter((file) => file === 'README.md' || (file.startsWith('docs/') && !file.startsWith('docs/decisions/')))
    .map((file) => ({ file, markdown: readFileSync(join(repositoryRoot, file), 'utf8') }));
}

describe('names the documentation quotes, against the running service', function () {
  this.timeout(60_000);
  const t = testAppForSuite(sharedRedisEnv);
  let families: Set<string>;
  let checks: Set<string>;

  before(async () => {
    // Series appear once used: a request, a cache lookup and a scrape make every family exist.
    const created = await t.api.post('/v1/accounts/users').send({ email: 'docs-names@example.com', full_name: 'Docs' }).expect(201);
    await t.api.get(`/v1/accounts/users/${(created.body as { id: string }).id}`).expect(200);
    const exposition = (await request(t.app).get('/metrics').expect(200)).text;
    families = new Set([...exposition.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1] ?? ''));
    const ready = (await request(t.app).get('/health/ready').expect(200)).body as { checks: Record<string, unknown> };
    checks = new Set(Object.keys(ready.checks));
  });

  it('reads the service: it exposes the request histogram and a database check', () => {
    expect(families).to.include('http_request_duration_seconds');
    expect(checks).to.include('database');
  });

  it('quotes only readiness checks that /health/ready reports', () => {
    const unknown = operatorDocs().flatMap(({ file, markdown }) =>
      [...healthCheckNamesQuoted(markdown)].filter((name) => !checks.has(name)).map((name) => `${file}: ${name}`),
    );
    expect(unknown, `checks reported: ${[...checks].join(', ')}`).to.deep.equal([]);
  });

  it('quotes only metrics that /metrics exposes', () => {
    const unknown = operatorDocs().flatMap(({ file, markdown }) =>
      metricNamesQuoted(markdown, families)
        // Problem codes look like metric names (`legacy_timeout` beside `legacy_shadow_…`): not metrics.
        .filter(({ name, family }) => !families.has(family) && !isProblemCode(name))
        .map(({ name }) => `${file}: ${name}`),
    );
    expect(unknown).to.deep.equal([]);
  });

  it('finds names in the documents it reads (the checks above are not vacuous)', () => {
    const quoted = operatorDocs().flatMap(({ markdown }) => metricNamesQuoted(markdown, families).map(({ name }) => name));
    expect(quoted).to.include('http_request_duration_seconds');
    expect(readdirSync(join(repositoryRoot, 'docs'))).to.include('operations.md');
  });
});
