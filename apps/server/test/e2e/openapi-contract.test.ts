import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'chai';
import request from 'supertest';

import { generateOpenApiDocument, idempotencyRecordOf } from '@proj/api';
import { ALL_SCOPES } from '@proj/application/edge';

import { operationsOf, resolve, ResponseContract, type DocumentedOperation, type Parameter } from '../support/openapi-contract.js';
import { testAppForSuite } from '../support/test-app-for-suite.js';

type Json = Record<string, unknown>;

/** One request to make, as a change from the valid request built from the document's examples. */
interface Call {
  readonly label: string;
  readonly expected: number;
  readonly pathValues?: Readonly<Record<string, string>>;
  readonly query?: (valid: Array<[string, string]>) => Array<[string, string]>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Header parameters not to send at all (a required one, to see the answer without it). */
  readonly omitHeaders?: readonly string[];
  readonly body?: { readonly json: unknown } | { readonly raw: string; readonly type: string };
  /** Default: a token with every scope. */
  readonly credentials?: 'none' | 'without-the-scope';
  /** Sent with an `Idempotency-Key` that an identical request still holds. */
  readonly inFlight?: boolean;
  /** Sent after the caller has spent its rate limit. */
  readonly overLimit?: boolean;
}

const UNKNOWN_UUID = '00000000-0000-4000-8000-00000000dead';
// The document as GET /openapi.json serves it; the first test checks that the two are the same.
const document = JSON.parse(JSON.stringify(generateOpenApiDocument())) as Json;

/** A value of the wrong JSON type for a schema. */
function wrongTypeFor(schema: Json): unknown {
  return schema['type'] === 'string' ? 12345 : 'not-of-this-type';
}

/** The codes of the 409 problems an operation declares (its examples name them). */
function conflictCodes(operation: DocumentedOperation): string[] {
  const item = (document['paths'] as Record<string, Json>)[operation.path] as Record<string, Json>;
  const responses = item[operation.method]?.['responses'] as Record<string, Json> | undefined;
  const content = (responses?.['409']?.['content'] as Record<string, Json> | undefined)?.['application/problem+json'];
  if (content === undefined) return [];
  if (content['examples'] !== undefined) return Object.keys(content['examples'] as Json);
  return [(content['example'] as { code: string }).code];
}

/** The scopes an operation's security requirement names. */
function scopesOf(operation: DocumentedOperation): readonly string[] {
  const item = (document['paths'] as Record<string, Json>)[operation.path] as Record<string, Json>;
  const security = item[operation.method]?.['security'] as Array<Record<string, string[]>> | undefined;
  return security?.[0]?.['bearerAuth'] ?? [];
}

/**
 * The calls for one operation, derived from its description: each documented body example (valid),
 * then invalid inputs of every kind the operation's parameters and body allow, each expected to
 * produce a status the operation declares.
 */
function callsFor(operation: DocumentedOperation): Call[] {
  const declares = (status: number): boolean => operation.statuses.includes(status);
  const successes = operation.statuses.filter((status) => status >= 200 && status < 300);
  // A POST that may create (201) or find (200) what it is given creates it from each example first.
  const success = operation.method === 'post' && successes.includes(201) ? 201 : Math.min(...successes);
  const calls: Call[] = [];
  const examples = operation.requestBody?.examples ?? [undefined];
  examples.forEach((example, i) => {
    calls.push({
      label: `valid: documented example ${i + 1}`,
      expected: success,
      ...(example === undefined ? {} : { body: { json: example } }),
    });
  });
  const byLocation = (location: Parameter['in']): Parameter[] => operation.parameters.filter((p) => p.in === location);

  if (operation.method === 'post' && success === 201 && declares(200)) {
    calls.push({
      label: 'valid: the first documented example again (found, not created)',
      expected: 200,
      ...(examples[0] === undefined ? {} : { body: { json: examples[0] } }),
    });
  }
  if (byLocation('header').some((p) => p.name === 'If-None-Match') && declares(304)) {
    calls.push({ label: 'valid: If-None-Match with the current ETag', expected: 304, headers: { 'If-None-Match': '{current-etag}' } });
  }
  if (declares(401)) calls.push({ label: 'no bearer token', expected: 401, credentials: 'none' });
  if (declares(403)) calls.push({ label: "a token without the operation's scope", expected: 403, credentials: 'without-the-scope' });
  if (declares(409) && operation.method === 'post' && conflictCodes(operation).some((code) => code !== 'idempotency_in_progress')) {
    calls.push({
      label: 'the first documented example again (a conflict)',
      expected: 409,
      ...(examples[0] === undefined ? {} : { body: { json: examples[0] } }),
    });
  }
  if (declares(409) && byLocation('header').some((p) => p.name === 'Idempotency-Key')) {
    calls.push({ label: 'the Idempotency-Key of an identical request still running', expected: 409, inFlight: true });
  }
  if (declares(422)) {
    calls.push({
      label: 'invalid: an undocumented query parameter',
      expected: 422,
      query: (valid) => [...valid, ['undocumented_parameter', '1']],
    });
    for (const parameter of byLocation('query')) {
      calls.push({
        label: `invalid: ${parameter.name} repeated`,
        expected: 422,
        query: (valid) => [...valid.filter(([n]) => n !== parameter.name), [parameter.name, '1'], [parameter.name, '2']],
      });
      calls.push({
        label: `invalid: ${parameter.name} malformed`,
        expected: 422,
        query: (valid) => [...valid.filter(([n]) => n !== parameter.name), [parameter.name, '!invalid!']],
      });
    }
    for (const parameter of byLocation('path')) {
      calls.push({ label: `invalid: ${parameter.name} malformed`, expected: 422, pathValues: { [parameter.name]: 'not-a-uuid' } });
    }
  }
  if (declares(404)) {
    for (const parameter of byLocation('path').filter((p) => p.schema['format'] === 'uuid')) {
      calls.push({ label: `${parameter.name} unknown`, expected: 404, pathValues: { [parameter.name]: UNKNOWN_UUID } });
    }
  }
  const body = operation.requestBody;
  if (body !== undefined) {
    const example = body.examples[0] as Json;
    if (declares(400))
      calls.push({ label: 'invalid: malformed JSON body', expected: 400, body: { raw: '{"broken": ', type: 'application/json' } });
    if (declares(415)) calls.push({ label: 'invalid: a text/plain body', expected: 415, body: { raw: 'hello', type: 'text/plain' } });
    if (declares(413))
      calls.push({
        label: 'invalid: a body over the size limit',
        expected: 413,
        body: { json: { ...example, padding: 'x'.repeat(200_000) } },
      });
    if (declares(422)) {
      if (((body.schema['required'] as unknown[] | undefined) ?? []).length > 0 || body.schema['minProperties'] !== undefined) {
        calls.push({ label: 'invalid: an empty object', expected: 422, body: { json: {} } });
      }
      calls.push({ label: 'invalid: an undocumented field', expected: 422, body: { json: { ...example, undocumented_field: true } } });
      for (const [name, schema] of Object.entries(body.schema['properties'] as Record<string, Json>)) {
        calls.push({
          label: `invalid: ${name} of the wrong type`,
          expected: 422,
          body: { json: { ...example, [name]: wrongTypeFor(resolve(document, schema)) } },
        });
      }
    }
  }
  if (declares(429)) calls.push({ label: 'over the rate limit', expected: 429, overLimit: true });
  if (byLocation('header').some((p) => p.name === 'If-Match')) {
    if (declares(412)) calls.push({ label: 'If-Match with a stale ETag', expected: 412, headers: { 'If-Match': '"999999"' } });
    if (declares(422)) calls.push({ label: 'invalid: If-Match malformed', expected: 422, headers: { 'If-Match': 'no-quotes' } });
    if (declares(428)) calls.push({ label: 'without If-Match', expected: 428, omitHeaders: ['If-Match'] });
  }
  return calls;
}

describe('every operation of the OpenAPI document, called over HTTP (contract)', function () {
  this.timeout(60_000);

  const t = testAppForSuite();
  let contract: ResponseContract;
  const fixtureUsers: string[] = [];
  let fixtureArtifact = '';
  let fixtureSubspace = '';
  const observed = new Map<string, Set<number>>();

  before(async () => {
    contract = new ResponseContract(document);
    for (const n of [1, 2, 3]) {
      const created = await t.api
        .post('/v1/accounts/users')
        .send({ email: `contract-${n}@example.com`, full_name: `Contract ${n}` })
        .expect(201);
      fixtureUsers.push((created.body as { id: string }).id);
    }
    // Capture fixtures of the first user: a subspace, and two artifacts (a cursor needs a second page), one with two signals.
    const embedding = (axis: number): number[] => Array.from({ length: 384 }, (_, i) => (i === axis ? 1 : 0.01));
    fixtureSubspace = (
      (
        await t.api
          .post('/v1/capture/subspaces')
          .send({ user_id: fixtureUsers[0], name: 'Contract', centroid: embedding(0) })
          .expect(201)
      ).body as { id: string }
    ).id;
    for (const n of [1, 2]) {
      const captured = await t.api
        .post('/v1/capture/artifacts')
        .send({ user_id: fixtureUsers[0], url: `https://example.com/contract-${n}`, embedding: embedding(n), reading_depth: 0.6 })
        .expect(201);
      fixtureArtifact ||= (captured.body as { id: string }).id;
    }
    await t.api.post(`/v1/capture/artifacts/${fixtureArtifact}/signals`).send({ reading_depth: 0.2 }).expect(201);
  });

  it('is served at /openapi.json, and is a valid OpenAPI 3.1 document', async () => {
    const served = await request(t.app).get('/openapi.json').expect(200);
    expect(served.body).to.deep.equal(document);
    const validator = new Validator();
    expect(await validator.validate(served.body as Json)).to.deep.equal({ valid: true });
    expect(validator.version).to.equal('3.1');
  });

  /** The values a valid request uses where an example cannot do: real ids, a real cursor, the current ETag. */
  async function fixtureFor(name: string, operation: DocumentedOperation): Promise<string | undefined> {
    const userId = fixtureUsers[0] as string;
    const capture = operation.path.startsWith('/v1/capture/');
    const nextCursorOf = async (url: string): Promise<string> =>
      ((await t.api.get(url).expect(200)).body as { next_cursor: string }).next_cursor;
    switch (name) {
      case 'user_id':
        return userId;
      case 'artifact_id':
        return fixtureArtifact;
      case 'subspace_id':
        return fixtureSubspace;
      case 'cursor':
        if (operation.path.endsWith('/signals')) return nextCursorOf(`/v1/capture/artifacts/${fixtureArtifact}/signals?limit=1`);
        if (capture) return nextCursorOf(`/v1/capture/artifacts?user_id=${userId}&limit=1`);
        return nextCursorOf('/v1/accounts/users?limit=1');
      case 'X-Request-Id':
        return 'contract-test';
      default:
        return undefined;
    }
  }

  async function send(operation: DocumentedOperation, call: Call): Promise<request.Response> {
    return (await prepare(operation, call))();
  }

  /** Resolves the fixtures of `call` (which takes requests of its own) and returns the request, not yet sent. */
  async function prepare(operation: DocumentedOperation, call: Call): Promise<() => Promise<request.Response>> {
    let path = operation.path;
    let validPath = operation.path;
    for (const parameter of operation.parameters.filter((p) => p.in === 'path')) {
      const valid = (await fixtureFor(parameter.name, operation)) ?? String(parameter.example);
      path = path.replace(`{${parameter.name}}`, encodeURIComponent(call.pathValues?.[parameter.name] ?? valid));
      validPath = validPath.replace(`{${parameter.name}}`, encodeURIComponent(valid));
    }
    const validQuery: Array<[string, string]> = [];
    for (const parameter of operation.parameters.filter((p) => p.in === 'query')) {
      validQuery.push([parameter.name, (await fixtureFor(parameter.name, operation)) ?? String(parameter.example)]);
    }
    const query = new URLSearchParams(call.query ? call.query(validQuery) : validQuery).toString();
    /** The ETag of the resource this operation reads or changes, as a GET of its valid URL answers it now. */
    const currentEtag = async (): Promise<string> => {
      const validUrl = validQuery.length === 0 ? validPath : `${validPath}?${new URLSearchParams(validQuery).toString()}`;
      return (await t.api.get(validUrl).expect(200)).headers['etag'] as string;
    };
    const headers: Record<string, string> = {};
    for (const parameter of operation.parameters.filter((p) => p.in === 'header')) {
      const value =
        parameter.name === 'If-None-Match'
          ? undefined
          : parameter.name === 'If-Match'
            ? await currentEtag()
            : ((await fixtureFor(parameter.name, operation)) ?? (parameter.example as string | undefined));
      if (value !== undefined && !(call.omitHeaders ?? []).includes(parameter.name)) headers[parameter.name] = value;
    }
    for (const [name, value] of Object.entries(call.headers ?? {}))
      headers[name] = value === '{current-etag}' ? await currentEtag() : value;

    const url = query === '' ? path : `${path}?${query}`;
    const client =
      call.credentials === 'none'
        ? request(t.app)
        : call.credentials === 'without-the-scope'
          ? await t.as({ scopes: ALL_SCOPES.filter((scope) => !scopesOf(operation).includes(scope)) })
          : t.api;
    // Unless the call is about the body, it sends the first documented example; for the fixture user, when it names one.
    const documented = call.body ?? (operation.requestBody === undefined ? undefined : { json: operation.requestBody.examples[0] });
    const body =
      documented !== undefined &&
      'json' in documented &&
      typeof documented.json === 'object' &&
      documented.json !== null &&
      'user_id' in documented.json &&
      documented.json.user_id === (operation.requestBody?.examples[0] as Json | undefined)?.['user_id']
        ? { json: { ...documented.json, user_id: fixtureUsers[0] } }
        : documented;
    if (call.inFlight === true && body !== undefined && 'json' in body) {
      const offeredKey = `in-flight-${operation.operationId}`;
      headers['Idempotency-Key'] = offeredKey;
      // The first request, as this instance sees it: reserved and not finished.
      const record = idempotencyRecordOf({
        scope: 'e2e-tester',
        offeredKey,
        method: operation.method,
        path,
        body: body.json,
      });
      await t.adapters.idempotencyStore.begin(record.key, record.fingerprint, 60_000);
    }
    return async () => {
      const pending = client[operation.method as 'get' | 'post' | 'patch'](url).set(headers);
      if (body === undefined) return pending;
      if ('raw' in body) return pending.set('Content-Type', body.type).send(body.raw);
      return pending.send(body.json as object);
    };
  }

  /** Lowers the limit to one request a minute (a runtime setting), spends it, and sends again. */
  async function overTheLimit(sendOnce: () => Promise<request.Response>): Promise<request.Response> {
    await t.database.query(`insert into system_config (key, value) values ('rate_limit_per_minute', '1'::jsonb)`);
    await t.adapters.systemConfig.refresh();
    try {
      await sendOnce();
      return await sendOnce();
    } finally {
      await t.database.query(`delete from system_config where key = 'rate_limit_per_minute'`);
      await t.adapters.systemConfig.refresh();
    }
  }

  for (const operation of operationsOf(document)) {
    describe(`${operation.operationId} (${operation.method.toUpperCase()} ${operation.path})`, () => {
      // Each version registers the documented examples afresh: the users an earlier version created go.
      before(async () => {
        const emails = (operation.requestBody?.examples ?? []).map((example) => (example as Json)['email']).filter(Boolean);
        if (operation.method === 'post' && emails.length > 0) await t.database.query('delete from users where email = any($1)', [emails]);
      });

      for (const call of callsFor(operation)) {
        it(`${call.label}: answers ${call.expected}, as declared, with headers and body as documented`, async () => {
          expect(operation.statuses, 'the expected status is declared').to.include(call.expected);
          const response = call.overLimit ? await overTheLimit(await prepare(operation, call)) : await send(operation, call);
          expect(response.status, `${call.label}: ${response.text.slice(0, 300)}`).to.equal(call.expected);
          expect(contract.violations(operation, response)).to.deep.equal([]);
          const seen = observed.get(operation.operationId) ?? new Set<number>();
          seen.add(response.status);
          observed.set(operation.operationId, seen);
        });
      }

      it('has produced every status it declares, but 500 and 503 (which need a fault)', () => {
        const missing = operation.statuses.filter(
          (status) => status !== 500 && status !== 503 && !observed.get(operation.operationId)?.has(status),
        );
        expect(missing).to.deep.equal([]);
      });
    });
  }

  describe('the response contract itself', () => {
    it('reports a response that departs from the document', () => {
      const [list] = operationsOf(document).filter((operation) => operation.operationId === 'listUsers');
      const lying = {
        status: 200,
        headers: { 'content-type': 'application/json', 'x-request-id': 'r' },
        text: JSON.stringify({ items: [{ id: 1 }] }),
      };
      const undeclared = { status: 418, headers: {}, text: '' };
      expect(contract.violations(list as DocumentedOperation, lying as unknown as request.Response)).to.include.members([
        "body must have required property 'next_cursor'",
        "body/items/0 must have required property 'email'",
        'body/items/0/id must be string',
      ]);
      expect(contract.violations(list as DocumentedOperation, undeclared as unknown as request.Response)[0]).to.match(
        /^status 418 is not declared/,
      );
    });
  });
});
