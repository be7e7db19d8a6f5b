import { expect } from 'chai';
import fc from 'fast-check';
import request from 'supertest';

import { servedTestAppForSuite } from '../support/test-app-for-suite.js';

type Json = Record<string, unknown>;

/** Fixed, so a failure reproduces; change it deliberately to explore other inputs. */
const SEED = 20_261_122;
const RUNS = 300;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];

interface Operation {
  readonly method: Method;
  readonly path: string;
  readonly queryNames: readonly string[];
  readonly bodyFields: readonly string[];
  /** The documented example body with every `format: email` field named, for near-valid bodies. */
  readonly bodyExample: Json | undefined;
  readonly emailFields: readonly string[];
}

const INJECTIONS = [
  "' OR '1'='1",
  "'; drop table users; --",
  '"; select pg_sleep(10); --',
  '1; select * from users',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${jndi:ldap://x/a}',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  'a\u0000b',
  '\u202e\u0000\ud800',
  '\ud83d',
  '__proto__',
  'constructor',
  'NaN',
  '-1',
  '1e309',
  '9'.repeat(400),
  'true',
  'null',
  '',
  ' ',
  '\r\n\t',
  'ＡＤＡ@ＥＸＡＭＰＬＥ.ＣＯＭ',
  'a@b.c',
  'ada@example.com',
  '0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b',
  '00000000-0000-0000-0000-000000000000',
];

/** Strings that have broken services before: injections, control and unpaired characters, huge ones. */
const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 20 }).map((s) => `${s}\u0000${s}`) },
  { weight: 1, arbitrary: fc.constantFrom(201, 255, 256, 5_000, 120_000).map((n) => 'é'.repeat(n)) },
);

/** Any JSON value, including ones with nasty strings, deep nesting and prototype keys. */
const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  nastyString,
  fc.constantFrom(0, -1, 1.5, 2 ** 53 + 1, true, false, null, [], {}),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true}}') as unknown),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
  fc.integer({ min: 10, max: 3_000 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown),
);

function bodyFor(operation: Operation): fc.Arbitrary<{ readonly contentType: string | undefined; readonly raw: string | undefined }> {
  const knownFields =
    operation.bodyFields.length > 0 ? fc.dictionary(fc.constantFrom(...operation.bodyFields), jsonValue, { maxKeys: 4 }) : fc.constant({});
  const asJson = (value: fc.Arbitrary<unknown>) => value.map((v) => ({ contentType: 'application/json', raw: JSON.stringify(v) }));
  // The documented example with a fresh e-mail and at most one field replaced: gets past the
  // schema often enough to put hostile values through the domain and into the database.
  const nearlyValid = fc
    .tuple(
      fc.stringMatching(/^[a-z0-9]{10}$/),
      operation.bodyFields.length > 0
        ? fc.option(fc.tuple(fc.constantFrom(...operation.bodyFields), fc.oneof(nastyString, jsonValue)))
        : fc.constant(null),
    )
    .map(([local, replacement]) => {
      const body: Json = { ...operation.bodyExample };
      for (const field of operation.emailFields) body[field] = `fuzz.${local}@example.com`;
      if (replacement) body[replacement[0]] = replacement[1];
      return body;
    });
  return fc.oneof(
    { weight: operation.bodyExample === undefined ? 0 : 4, arbitrary: asJson(nearlyValid) },
    { weight: 4, arbitrary: asJson(knownFields) },
    {
      weight: 2,
      arbitrary: asJson(fc.tuple(knownFields, fc.dictionary(nastyString, jsonValue, { maxKeys: 3 })).map(([a, b]) => ({ ...b, ...a }))),
    },
    { weight: 2, arbitrary: asJson(jsonValue) },
    {
      weight: 1,
      arbitrary: fc.record({
        contentType: fc.constant('application/json'),
        raw: fc.oneof(nastyString, fc.constantFrom('{', '{"a":}', '[1,]', 'nul', '{"a":1}{', '\u0000')),
      }),
    },
    {
      // Deep nesting (past the reader's bound and far past it) and lone-surrogate escapes, in a
      // field the operation knows.
      weight: 2,
      arbitrary: fc.record({
        contentType: fc.constant('application/json'),
        raw: fc.oneof(
          fc
            .tuple(fc.integer({ min: 1, max: 5_000 }), fc.constantFrom('[', '{"a":'))
            .map(([depth, open]) => `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`),
          fc
            .tuple(
              fc.constantFrom(...(operation.bodyFields.length > 0 ? operation.bodyFields : ['a'])),
              fc.integer({ min: 0xd800, max: 0xdfff }),
            )
            .map(([field, unit]) => `{"${field}":"x\\u${unit.toString(16)}y"}`),
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        contentType: fc.constantFrom(
          undefined,
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=utf-16',
          'application/json; charset=latin1',
          'multipart/form-data; boundary=x',
          '*/*',
        ),
        raw: fc.option(nastyString, { nil: undefined }),
      }),
    },
  );
}

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) becomes the bytes a careless
 * client would send for it: WTF-8, which is not valid UTF-8 for the server to decode.
 */
function percentEncode(text: string): string {
  let encoded = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    encoded +=
      code >= 0xd800 && code <= 0xdfff
        ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
            .map((byte) => `%${byte.toString(16).toUpperCase()}`)
            .join('')
        : encodeURIComponent(char);
  }
  return encoded;
}

function queryFor(operation: Operation): fc.Arbitrary<string> {
  const names = fc.oneof(
    fc.constantFrom('limit', 'cursor', 'is_active', '__proto__', 'constructor', 'a[b]', 'a[]', ...operation.queryNames),
    nastyString,
  );
  const pair = fc.tuple(names, fc.oneof(nastyString, fc.constantFrom('1', '100', '101', '0', '-5', 'true', 'false', 'yes')));
  return fc.array(pair, { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&'));
}

function pathFor(operation: Operation): fc.Arbitrary<string> {
  const segment = fc.oneof(
    { weight: 4, arbitrary: nastyString.map(percentEncode) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%2e%2e%2f', '%00', '..', '.', '%c0%ae') },
  );
  const params = operation.path.match(/\{[^}]+\}/g) ?? [];
  return fc.tuple(...params.map(() => segment)).map((values) => {
    let i = 0;
    return operation.path.replace(/\{[^}]+\}/g, () => values[i++] ?? '');
  });
}

/** Mostly the valid all-scopes token, sometimes none or garbage, so auth is fuzzed too. */
const authorization = (token: string): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(`Bearer ${token}`) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((s) => `Bearer ${s.replace(/[^\x21-\x7e]/g, '')}`) },
  );

function operationsOf(document: Json): Operation[] {
  const schemas = ((document['components'] as Json | undefined)?.['schemas'] ?? {}) as Record<string, Json>;
  return Object.entries(document['paths'] as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method] !== undefined).map((method) => {
      const operation = item[method] as Json;
      const parameters = (operation['parameters'] ?? []) as Json[];
      const ref = (
        ((operation['requestBody'] as Json | undefined)?.['content'] as Json | undefined)?.['application/json'] as Json | undefined
      )?.['schema'] as Json | undefined;
      const schema = typeof ref?.['$ref'] === 'string' ? schemas[ref['$ref'].split('/').pop() ?? ''] : ref;
      const properties = (schema?.['properties'] ?? {}) as Record<string, Json>;
      return {
        method,
        path,
        queryNames: parameters.filter((p) => p['in'] === 'query').map((p) => p['name'] as string),
        bodyFields: Object.keys(properties),
        bodyExample: schema?.['example'] as Json | undefined,
        emailFields: Object.keys(properties).filter((name) => properties[name]?.['format'] === 'email'),
      };
    }),
  );
}

describe('fuzzing every operation with hostile input', function () {
  this.timeout(180_000);
  const t = servedTestAppForSuite();
  let operations: Operation[];
  let token: string;
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

  before(async () => {
    token = await t.token();
    operations = operationsOf((await request(t.url).get('/openapi.json').expect(200)).body as Json);
  });

  it(`never answers 5xx and always answers errors as problem+json (seed ${SEED}, ${RUNS} runs)`, async () => {
    expect(operations.length).to.be.at.least(2);
    const statuses = new Map<number, number>();
    const input = fc.constantFrom(...operations).chain((operation) =>
      fc.record({
        operation: fc.constant(operation),
        path: pathFor(operation),
        query: queryFor(operation),
        body: bodyFor(operation),
        authorization: authorization(token),
        idempotencyKey: fc.option(fc.oneof(fc.uuid(), fc.constantFrom('k', 'a:b', ' ', 'x'.repeat(300))), { nil: undefined }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(input, async ({ operation, path, query, body, authorization: auth, idempotencyKey }) => {
        let test = request(t.url)[operation.method](query === '' ? path : `${path}?${query}`);
        if (auth !== undefined) test = test.set('Authorization', auth);
        if (idempotencyKey !== undefined) test = test.set('Idempotency-Key', idempotencyKey);
        if (body.contentType !== undefined) test = test.set('Content-Type', body.contentType);
        if (body.raw !== undefined && operation.method !== 'get') test = test.send(body.raw);
        const response = await test;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const context = `${operation.method.toUpperCase()} ${path.slice(0, 200)}?${query.slice(0, 200)} -> ${response.status} ${response.text.slice(0, 300)}`;
        expect(response.status, context).to.be.below(500);
        if (response.status >= 400) {
          expect(response.headers['content-type'], context).to.match(/^application\/problem\+json/);
          expect(response.body, context).to.include({ status: response.status });
          expect(response.body.code, context).to.match(/^[a-z_]+$/);
          expect(response.body.request_id, context).to.equal(response.headers['x-request-id']);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // The run must have reached past authentication and validation, or it tested little.
    expect([...statuses.keys()], JSON.stringify([...statuses])).to.include.members([401, 422]);
    expect(
      [...statuses.keys()].some((status) => status < 300),
      JSON.stringify([...statuses]),
    ).to.equal(true);
  });

  it('leaves the service healthy, working and unpolluted afterwards', async () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).to.deep.equal(prototypeBefore);
    expect(({} as Json)['polluted']).to.equal(undefined);
    await request(t.url).get('/health/ready').expect(200);
    const created = await t.api.post('/v1/accounts/users').send({ email: 'after.fuzz@example.com', full_name: 'After Fuzz' }).expect(201);
    await t.api.get(created.headers.location as string).expect(200);
  });
});
