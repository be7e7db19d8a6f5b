import { expect } from 'chai';
import request from 'supertest';

import { RecordingLogger } from '@proj/application/testing';

import { methodNotAllowed } from '../../../../src/http/middleware/method-not-allowed.js';
import { testApp } from '../../support/test-app.js';

describe('notFound and methodNotAllowed', () => {
  const app = testApp(new RecordingLogger(), (a) => {
    a.route('/things')
      .post((_req, res) => {
        res.status(201).json({});
      })
      .all(methodNotAllowed(['POST']));
    a.route('/things/:id')
      .get((_req, res) => {
        res.status(200).json({});
      })
      .all(methodNotAllowed(['GET']));
  });

  describe('when no route matches the path', () => {
    it('answers a 404 not_found problem', async () => {
      const res = await request(app).get('/missing?q=secret');
      expect(res.status).to.equal(404);
      expect(res.headers['content-type']).to.equal('application/problem+json; charset=utf-8');
      expect(res.body).to.include({
        type: 'https://proj.dev/problems/not_found',
        title: 'Not found',
        status: 404,
        code: 'not_found',
        instance: '/missing',
      });
    });
  });

  describe('when the path is known but the method is not', () => {
    it('answers a 405 method_not_allowed problem with Allow', async () => {
      const res = await request(app).delete('/things/1');
      expect(res.status).to.equal(405);
      expect(res.headers['allow']).to.equal('GET, HEAD, OPTIONS');
      expect(res.body).to.include({ code: 'method_not_allowed', status: 405, instance: '/things/1' });
    });

    it('lists only the declared methods (plus OPTIONS) for a POST-only path', async () => {
      const res = await request(app).get('/things');
      expect(res.status).to.equal(405);
      expect(res.headers['allow']).to.equal('POST, OPTIONS');
    });
  });

  describe('when the method is OPTIONS', () => {
    it('answers 204 with Allow', async () => {
      const res = await request(app).options('/things');
      expect(res.status).to.equal(204);
      expect(res.headers['allow']).to.equal('POST, OPTIONS');
    });
  });

  describe('when the method is HEAD on a GET route', () => {
    it('is served by the GET handler', async () => {
      const res = await request(app).head('/things/1');
      expect(res.status).to.equal(200);
    });
  });
});
