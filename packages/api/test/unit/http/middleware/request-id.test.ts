import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventEmitter } from 'node:events';

import { expect } from 'chai';
import express from 'express';
import request from 'supertest';

import { RecordingLogger } from '@proj/application/testing';

import { requestId } from '../../../../src/http/middleware/request-id.js';
import type { RequestScope } from '../../../../src/index.js';
import { testApp } from '../../support/test-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestId', () => {
  let logger: RecordingLogger;
  let app: ReturnType<typeof testApp>;

  beforeEach(() => {
    logger = new RecordingLogger();
    app = testApp(logger, (a) =>
      a.get('/hello', (_req, res) => {
        res.locals.logger.info('hello');
        res.json({ seen: res.locals.requestId });
      }),
    );
  });

  describe('when the caller sends a well-formed X-Request-Id', () => {
    it('keeps it, echoes it and exposes it to handlers', async () => {
      const res = await request(app).get('/hello').set('X-Request-Id', 'abc-123_DEF.4:5');
      expect(res.headers['x-request-id']).to.equal('abc-123_DEF.4:5');
      expect(res.body).to.deep.equal({ seen: 'abc-123_DEF.4:5' });
    });

    it('adds it to every line of the request logger', async () => {
      await request(app).get('/hello').set('X-Request-Id', 'trace-1');
      expect(logger.entries).to.deep.include({ level: 'info', message: 'hello', fields: { request_id: 'trace-1' } });
    });
  });

  describe('when the X-Request-Id is malformed', () => {
    for (const [what, value] of [
      ['too long', 'a'.repeat(129)],
      ['has spaces', 'two words'],
      ['has a semicolon', 'id;rm'],
      ['is non-ASCII', 'idé'],
    ] as const) {
      it(`replaces one that ${what} with a generated UUID`, async () => {
        const res = await request(app).get('/hello').set('X-Request-Id', value);
        expect(res.headers['x-request-id']).to.match(UUID);
        expect(res.body.seen).to.equal(res.headers['x-request-id']);
      });
    }
  });

  describe('when there is no X-Request-Id', () => {
    it('generates a different UUID per request', async () => {
      const first = await request(app).get('/hello');
      const second = await request(app).get('/hello');
      expect(first.headers['x-request-id']).to.match(UUID);
      expect(second.headers['x-request-id']).not.to.equal(first.headers['x-request-id']);
    });
  });

  describe('when the request fails', () => {
    it('echoes the id on the problem response and puts it in the body', async () => {
      const res = await request(app).get('/nowhere').set('X-Request-Id', 'trace-404');
      expect(res.status).to.equal(404);
      expect(res.headers['x-request-id']).to.equal('trace-404');
      expect(res.body.request_id).to.equal('trace-404');
    });
  });

  describe('with a request scope', () => {
    /** A scope over AsyncLocalStorage that records the emitters it was handed. */
    function recordingScope(): RequestScope & { current(): string | undefined; emitters: EventEmitter[] } {
      const storage = new AsyncLocalStorage<string>();
      const emitters: EventEmitter[] = [];
      return {
        emitters,
        current: () => storage.getStore(),
        run(id, given, work) {
          emitters.push(...given);
          storage.run(id, work);
        },
      };
    }

    it('runs the rest of the request inside the scope of the id it chose, with its request and response', async () => {
      const scope = recordingScope();
      const app = express();
      app.use(requestId({ logger: new RecordingLogger(), scope }));
      app.get('/scoped', async (_req, res) => {
        await Promise.resolve();
        res.json({ scope: scope.current(), id: res.locals.requestId });
      });
      const res = await request(app).get('/scoped').set('X-Request-Id', 'scoped-1');
      expect(res.body).to.deep.equal({ scope: 'scoped-1', id: 'scoped-1' });
      expect(scope.emitters).to.have.length(2);
    });
  });
});
