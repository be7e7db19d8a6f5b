import { expect } from 'chai';
import type { RequestHandler } from 'express';
import request from 'supertest';

import { RecordingLogger } from '@proj/application/testing';

import { callerConcurrency } from '../../../../src/http/middleware/caller-concurrency.js';
import { testApp } from '../../support/test-app.js';

/** A handler that holds each request until the test lets them all go. */
function heldHandler(): { readonly handler: RequestHandler; readonly held: () => number; readonly release: () => void } {
  let waiting: Array<() => void> = [];
  let running = 0;
  return {
    handler: async (_req, res) => {
      running += 1;
      await new Promise<void>((resolve) => waiting.push(resolve));
      running -= 1;
      res.status(204).end();
    },
    held: () => running,
    release: () => {
      const all = waiting;
      waiting = [];
      for (const resolve of all) resolve();
    },
  };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000 && !condition(); i += 1) await new Promise((resolve) => setImmediate(resolve));
  expect(condition(), 'condition never held').to.equal(true);
}

describe('callerConcurrency', () => {
  it('runs up to maxActive requests of a caller, queues maxWaiting more, and refuses the rest with 429', async () => {
    const { handler, held, release } = heldHandler();
    const app = testApp(new RecordingLogger(), (a) =>
      a.get('/work', callerConcurrency({ maxActive: 2, maxWaiting: 3, callerOf: (req) => req.get('X-Caller') ?? '?' }), handler),
    );
    const responses = Array.from({ length: 8 }, () =>
      request(app)
        .get('/work')
        .set('X-Caller', 'flood')
        .then((r) => r),
    );
    await until(() => held() === 2);
    // Another caller is not held back by the flood.
    const other = request(app)
      .get('/work')
      .set('X-Caller', 'other')
      .then((r) => r);
    await until(() => held() === 3);
    const refused: number[] = [];
    // Releasing repeatedly lets the queued ones through, two at a time at most.
    for (let i = 0; i < 10; i += 1) {
      release();
      await new Promise((resolve) => setImmediate(resolve));
      expect(held()).to.be.at.most(3);
    }
    const settled = await Promise.all(responses);
    release();
    for (const r of settled) refused.push(r.status);
    expect(refused.filter((s) => s === 204)).to.have.length(5);
    const tooMany = settled.filter((r) => r.status === 429);
    expect(tooMany).to.have.length(3);
    expect(tooMany[0]?.body).to.include({ code: 'too_many_concurrent_requests' });
    expect(tooMany[0]?.headers['retry-after']).to.equal('1');
    expect((await other).status).to.equal(204);
  });

  it('passes everything through when maxActive is 0', async () => {
    const app = testApp(new RecordingLogger(), (a) =>
      a.get('/work', callerConcurrency({ maxActive: 0, maxWaiting: 0, callerOf: () => 'x' }), (_req, res) => {
        res.status(204).end();
      }),
    );
    const statuses = await Promise.all(
      Array.from({ length: 5 }, () =>
        request(app)
          .get('/work')
          .then((r) => r.status),
      ),
    );
    expect(statuses).to.deep.equal([204, 204, 204, 204, 204]);
  });
});
