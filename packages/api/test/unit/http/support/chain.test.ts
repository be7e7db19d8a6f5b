import { expect } from 'chai';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import request from 'supertest';

import { chain } from '../../../../src/http/support/chain.js';

/** An app with `handlers` chained at `/v1`, then a route that reports what ran, and an error handler. */
function appWith(handlers: RequestHandler[]) {
  const app = express();
  app.use('/v1', chain(handlers));
  app.get('/v1/things', (_req, res) => {
    res.json({ ran: res.locals.ran ?? [] });
  });
  const reportError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    res.status(500).json({ error: error instanceof Error ? error.message : String(error), ran: res.locals.ran ?? [] });
  };
  app.use(reportError);
  return app;
}

const marking =
  (name: string): RequestHandler =>
  (req, res, next) => {
    res.locals.ran = [...((res.locals.ran as string[] | undefined) ?? []), `${name} ${req.url} ${req.baseUrl}`];
    next();
  };

describe('chain', () => {
  it('runs the handlers in order as one layer, each seeing the path under the mount point, then the routes', async () => {
    const response = await request(appWith([marking('a'), marking('b')])).get('/v1/things');
    expect(response.body).to.deep.equal({ ran: ['a /things /v1', 'b /things /v1'] });
  });

  it('is named after the handlers it runs, as the router names its layer', () => {
    const named: RequestHandler = function named(_req, _res, next) {
      next();
    };
    expect(chain([named, marking('b'), named]).name).to.equal('named, anonymous, named');
  });

  it('is the handler itself when there is only one', () => {
    const only = marking('only');
    expect(chain([only])).to.equal(only);
  });

  it('passes on without running anything when empty', async () => {
    expect((await request(appWith([])).get('/v1/things')).body).to.deep.equal({ ran: [] });
  });

  it('leaves the chain with the error a handler passes to next, a throw or a rejected promise', async () => {
    const passing: RequestHandler = (_req, _res, next) => next(new Error('passed'));
    const throwing: RequestHandler = () => {
      throw new Error('thrown');
    };
    const rejecting: RequestHandler = async () => {
      await Promise.resolve();
      throw new Error('rejected');
    };
    // A handler may reject with nothing (or `null`): Express then makes up an error of its own.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    const rejectingWithNothing: RequestHandler = () => Promise.reject(null);
    for (const [failing, message] of [
      [passing, 'passed'],
      [throwing, 'thrown'],
      [rejecting, 'rejected'],
      [rejectingWithNothing, 'Rejected promise'],
    ] as const) {
      const response = await request(appWith([marking('a'), failing, marking('never')])).get('/v1/things');
      expect(response.status).to.equal(500);
      expect(response.body).to.deep.equal({ error: message, ran: ['a /things /v1'] });
    }
  });

  it('stops where a handler answers without calling next', async () => {
    const answering: RequestHandler = (_req, res) => {
      res.status(204).end();
    };
    const response = await request(appWith([answering, marking('never')])).get('/v1/things');
    expect(response.status).to.equal(204);
  });

  it('lets an async handler that resolves after calling next go on', async () => {
    const asyncPassing: RequestHandler = async (_req, _res, next) => {
      await Promise.resolve();
      next();
    };
    expect((await request(appWith([asyncPassing, marking('b')])).get('/v1/things')).body).to.deep.equal({ ran: ['b /things /v1'] });
  });
});
