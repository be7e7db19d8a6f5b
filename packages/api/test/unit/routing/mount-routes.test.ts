import { expect } from 'chai';
import type { Express, RequestHandler } from 'express';
import request from 'supertest';

import type { Scope } from '@proj/application/edge';
import { RecordingLogger } from '@proj/application/testing';

import { jsonBody } from '../../../src/http/middleware/json-body.js';
import type { DeprecatedCall } from '../../../src/routing/deprecation.js';
import { mountRoutes } from '../../../src/routing/mount-routes.js';
import type { ApiVersion } from '../../../src/routing/route-table.js';
import { testApp } from '../support/test-app.js';
import { thingsRoutes, V1, V2, V3 } from '../support/things-routes.js';

describe('mountRoutes', () => {
  let useCases: { seen: unknown[] };
  let scopes: Scope[];

  function appFor(version: ApiVersion): Express {
    return testApp(new RecordingLogger(), (app) => {
      app.use((_req, res, next) => {
        res.locals.principal = { subject: 'tester', scopes };
        next();
      });
      app.use(
        mountRoutes(thingsRoutes, version, useCases, {
          jsonBody: jsonBody({ limit: '1kb' }),
          idempotent,
          countDeprecatedCall: (call) => deprecatedCalls.push(call),
        }),
      );
    });
  }

  let idempotentCalls: number;
  let deprecatedCalls: DeprecatedCall[];
  const idempotent: RequestHandler = (_req, _res, next) => {
    idempotentCalls += 1;
    next();
  };

  beforeEach(() => {
    idempotentCalls = 0;
    deprecatedCalls = [];
    useCases = { seen: [] };
    scopes = ['accounts:read', 'accounts:write'];
  });

  describe('when a request matches an operation', () => {
    it('parses its input, records the route template and the version, and sends the reply with its ETag', async () => {
      const res = await request(appFor(V1)).get('/v1/things/42?verbose=true').expect(200);
      expect(res.body).to.deep.equal({ id: '42' });
      expect(res.headers['etag']).to.equal('"7"');
      expect(useCases.seen).to.deep.equal([
        { params: { thing_id: '42' }, query: { verbose: 'true' }, template: '/v1/things/:thing_id', version: 'v1' },
      ]);
    });

    it('takes an idempotent operation through the idempotency middleware, and sends its Location', async () => {
      const res = await request(appFor(V1)).post('/v1/things').send({ name: 'new', size: 3 }).expect(201);
      expect(res.headers['location']).to.equal('/v1/things/1');
      expect(idempotentCalls).to.equal(1);
    });

    it('sends a reply without a body as it is, with its headers', async () => {
      const res = await request(appFor(V1)).patch('/v1/things/42').send({ name: 'abc', size: 2 }).expect(204);
      expect(res.headers['x-renamed']).to.equal('yes');
      expect(useCases.seen).to.deep.equal([{ name: 'abc', size: 2 }]);
    });

    it('checks the scope of the operation before anything else', async () => {
      scopes = ['accounts:read'];
      const res = await request(appFor(V1)).patch('/v1/things/x').send('not json').expect(403);
      expect(res.body.code).to.equal('forbidden');
      expect(res.body.detail).to.contain('accounts:write');
    });
  });

  describe('when If-None-Match names the current version', () => {
    for (const tag of ['"7"', 'W/"7"', '"1", "7"', '*']) {
      it(`answers 304 without a body for ${tag}, even with Cache-Control: no-cache`, async () => {
        const res = await request(appFor(V1)).get('/v1/things/42').set('If-None-Match', tag).set('Cache-Control', 'no-cache');
        expect(res.status).to.equal(304);
        expect(res.text).to.equal('');
        expect(res.headers['etag']).to.equal('"7"');
      });
    }

    it('answers 200 when it names another version, or is malformed', async () => {
      await request(appFor(V1)).get('/v1/things/42').set('If-None-Match', '"6"').expect(200);
      await request(appFor(V1)).get('/v1/things/42').set('If-None-Match', 'garbage').expect(200);
    });
  });

  describe('when the input is invalid', () => {
    it('refuses an undeclared query parameter of an operation without a query schema', async () => {
      const res = await request(appFor(V1)).patch('/v1/things/42?x=1').send({ name: 'a', size: 1 }).expect(422);
      expect(res.body.errors).to.deep.equal([{ path: 'x', message: 'is not an accepted field' }]);
    });

    it('lists the shape errors of every part and the field checks of the well-shaped fields in one 422', async () => {
      const res = await request(appFor(V1)).patch('/v1/things/abc').send({ name: 'toolong', size: 'big' }).expect(422);
      expect(res.body.code).to.equal('validation_failed');
      expect(res.body.errors).to.deep.equal([
        { path: 'thing_id', message: 'must be digits' },
        { path: 'size', message: 'must be a number' },
        { path: 'name', message: 'is too long' },
      ]);
    });

    it('leaves the value checks to the handler when every shape is right', async () => {
      await request(appFor(V1)).patch('/v1/things/42').send({ name: 'toolong', size: 1 }).expect(204);
    });
  });

  describe('when the path is known but the method is not', () => {
    it('answers 405 with the methods of the operations on that path', async () => {
      const res = await request(appFor(V1)).delete('/v1/things/42').expect(405);
      expect(res.headers['allow']).to.equal('GET, PATCH, HEAD, OPTIONS');
    });
  });

  describe('when mounted for another version', () => {
    it('serves the operations under its prefix, without those the version leaves out', async () => {
      await request(appFor(V2)).get('/v2/things/42').expect(200);
      expect(useCases.seen).to.deep.include({ params: { thing_id: '42' }, query: {}, template: '/v2/things/:thing_id', version: 'v2' });
      const res = await request(appFor(V2)).patch('/v2/things/42').send({ name: 'a', size: 1 }).expect(405);
      expect(res.headers['allow']).to.equal('GET, HEAD, OPTIONS');
      await request(appFor(V2)).get('/v1/things/42').expect(404);
    });
  });

  describe('when an operation is deprecated in a version', () => {
    it('sends Deprecation, Sunset and Link on its responses, problems included, and counts each call by caller', async () => {
      const ok = await request(appFor(V2)).get('/v2/things/42').expect(200);
      expect(ok.headers['deprecation']).to.equal('@1767225600');
      expect(ok.headers['sunset']).to.equal('Wed, 01 Jul 2026 00:00:00 GMT');
      expect(ok.headers['link']).to.equal('</redoc#section/Versioning>; rel="deprecation"; type="text/html"');
      scopes = [];
      const refused = await request(appFor(V2)).get('/v2/things/42').expect(403);
      expect(refused.headers['deprecation']).to.equal('@1767225600');
      expect(deprecatedCalls).to.deep.equal([
        { operation: 'getThingV2', caller: 'tester' },
        { operation: 'getThingV2', caller: 'tester' },
      ]);
    });

    it('sends none of them, and counts nothing, in a version where it is not deprecated', async () => {
      const res = await request(appFor(V1)).get('/v1/things/42').expect(200);
      expect(res.headers).not.to.have.any.keys('deprecation', 'sunset', 'link');
      expect(deprecatedCalls).to.deep.equal([]);
    });
  });

  describe('when an operation requires If-Match', () => {
    it('answers 428 precondition_required without it (or with an empty one), before the body is read', async () => {
      for (const ifMatch of [undefined, '', '  ']) {
        const pending = request(appFor(V3)).patch('/v3/things/42').set('Content-Type', 'application/json');
        const res = await (ifMatch === undefined ? pending : pending.set('If-Match', ifMatch)).send('{not json').expect(428);
        expect(res.body).to.include({ code: 'precondition_required', status: 428 });
      }
      expect(useCases.seen).to.deep.equal([]);
    });

    it('handles the request when it is there, and the same operation of another version needs none', async () => {
      await request(appFor(V3)).patch('/v3/things/42').set('If-Match', '"7"').send({ name: 'abc', size: 2 }).expect(204);
      await request(appFor(V1)).patch('/v1/things/42').send({ name: 'abc', size: 2 }).expect(204);
      expect(useCases.seen).to.have.length(2);
    });
  });
});
