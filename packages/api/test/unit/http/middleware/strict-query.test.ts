import { expect } from 'chai';
import request from 'supertest';

import { RecordingLogger } from '@proj/application/testing';

import { strictQuery } from '../../../../src/http/middleware/strict-query.js';
import { testApp } from '../../support/test-app.js';

describe('strictQuery', () => {
  const app = testApp(new RecordingLogger(), (a) => {
    a.set('query parser', 'simple');
    a.get('/things', strictQuery(), (req, res) => {
      res
        .status(200)
        .json({ query: { ...(req.query as object) }, inherited: Object.getPrototypeOf(req.query) === null ? 'none' : 'object' });
    });
  });

  it('passes a flat query through, with nested-looking keys kept as plain keys', async () => {
    const res = await request(app).get('/things?limit=5&filter[is_active]=true');
    expect(res.status).to.equal(200);
    expect(res.body.query).to.deep.equal({ limit: '5', 'filter[is_active]': 'true' });
  });

  it('answers 422 for a parameter given twice, where an array would slip in', async () => {
    const res = await request(app).get('/things?limit=5&limit=6');
    expect(res.status).to.equal(422);
    expect(res.body).to.include({ code: 'validation_failed' });
    expect(res.body.errors).to.deep.equal([{ path: 'limit', message: 'must be given once' }]);
  });

  for (const key of ['__proto__', 'constructor', 'prototype', '__proto__[admin]']) {
    it(`answers 422 for the key ${key}, and pollutes nothing`, async () => {
      const res = await request(app).get(`/things?${encodeURIComponent(key)}=1`);
      if (key === '__proto__[admin]') {
        // The simple parser keeps it as one flat key; it cannot reach a prototype.
        expect(res.status).to.equal(200);
        expect(res.body.query).to.deep.equal({ '__proto__[admin]': '1' });
      } else {
        expect(res.status).to.equal(422);
        expect(res.body.errors).to.deep.equal([{ path: key, message: 'is not an accepted parameter' }]);
      }
      expect(({} as Record<string, unknown>)['admin']).to.equal(undefined);
    });
  }
});
