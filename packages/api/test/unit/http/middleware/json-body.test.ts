import { gzipSync } from 'node:zlib';

import { expect } from 'chai';
import request from 'supertest';

import { RecordingLogger } from '@proj/application/testing';

import { jsonBody } from '../../../../src/http/middleware/json-body.js';
import { testApp } from '../../support/test-app.js';

describe('jsonBody', () => {
  const logger = new RecordingLogger();
  const app = testApp(logger, (a) =>
    a.post('/echo', jsonBody({ limit: '1kb' }), (req, res) => {
      res.status(200).json({ received: req.body === undefined ? '(nothing)' : req.body });
    }),
  );

  describe('when the body is JSON', () => {
    it('parses it into req.body', async () => {
      const res = await request(app).post('/echo').send({ email: 'a@example.com' });
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ received: { email: 'a@example.com' } });
    });

    it('accepts a +json media type', async () => {
      const res = await request(app).post('/echo').set('Content-Type', 'application/merge-patch+json').send('{"a":1}');
      expect(res.body).to.deep.equal({ received: { a: 1 } });
    });

    it('accepts a gzip-encoded body', async () => {
      const res = await request(app)
        .post('/echo')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .serialize((raw: unknown) => raw as string)
        .send(gzipSync('{"a":2}'));
      expect(res.body).to.deep.equal({ received: { a: 2 } });
    });
  });

  describe('when the body cannot be read', () => {
    it('answers 400 bad_request for a corrupt gzip stream, not 500', async () => {
      const res = await request(app)
        .post('/echo')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .send('{"not":"gzip"}');
      expect(res.status).to.equal(400);
      expect(res.body.code).to.equal('bad_request');
    });
  });

  describe('when the body carries keys that reach prototypes', () => {
    for (const [raw, path] of [
      ['{"__proto__":{"admin":true}}', '__proto__'],
      ['{"a":{"constructor":{"prototype":{"admin":true}}}}', 'a.constructor'],
      ['[{"ok":1},{"prototype":1}]', '1.prototype'],
    ]) {
      it(`answers 422 validation_failed naming ${path}, and pollutes nothing`, async () => {
        const res = await request(app).post('/echo').set('Content-Type', 'application/json').send(raw);
        expect(res.status).to.equal(422);
        expect(res.body).to.include({ code: 'validation_failed' });
        expect(res.body.errors).to.deep.equal([{ path, message: 'is not an accepted field' }]);
        expect(({} as Record<string, unknown>)['admin']).to.equal(undefined);
      });
    }

    it('accepts nesting up to 32 levels', async () => {
      const res = await request(app)
        .post('/echo')
        .set('Content-Type', 'application/json')
        .send(`${'['.repeat(32)}${']'.repeat(32)}`);
      expect(res.status).to.equal(200);
    });
  });

  describe('when the body is not well-formed', () => {
    it('answers 400 malformed_json for nesting deeper than 32 levels, without walking it', async () => {
      for (const depth of [33, 3_200, 50_000]) {
        const res = await request(app)
          .post('/echo')
          .set('Content-Type', 'application/json')
          .send(`${'['.repeat(depth)}${']'.repeat(depth)}`);
        expect(res.status, String(depth)).to.be.oneOf([400, 413]);
        if (depth === 33)
          expect(res.body).to.include({ code: 'malformed_json', detail: 'The request body nests deeper than this server accepts.' });
      }
    });

    it('does not count brackets inside strings', async () => {
      const res = await request(app)
        .post('/echo')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ a: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\"[[[[' }));
      expect(res.status).to.equal(200);
    });

    it('answers 400 malformed_json for bytes that are not UTF-8, instead of replacing them', async () => {
      for (const bytes of [
        [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d],
        [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d],
      ]) {
        const res = await request(app)
          .post('/echo')
          .set('Content-Type', 'application/json')
          .serialize((raw: unknown) => raw as string)
          .send(Buffer.from(bytes));
        expect(res.status).to.equal(400);
        expect(res.body).to.include({ code: 'malformed_json', detail: 'The request body is not well-formed UTF-8.' });
      }
    });

    it('answers 422 naming the field for a lone surrogate escape, in a value or a key', async () => {
      for (const [raw, path] of [
        ['{"full_name":"a\\ud800"}', 'full_name'],
        ['{"a":["ok","\\udc00x"]}', 'a.1'],
        ['{"k\\ud800":1}', 'k\\ud800'],
      ]) {
        const res = await request(app).post('/echo').set('Content-Type', 'application/json').send(raw);
        expect(res.status, raw).to.equal(422);
        expect(res.body.errors).to.deep.equal([{ path, message: 'is not well-formed Unicode (a lone surrogate)' }]);
      }
    });

    it('names the field it meets first, inside arrays as in objects: the last container before the strings before it', async () => {
      for (const [raw, path, message] of [
        ['{"a":["\\ud800",{"__proto__":1}]}', 'a.1.__proto__', 'is not an accepted field'],
        ['{"a":[[1,"x\\udc00"],{"b":["ok",{"constructor":0}]}]}', 'a.1.b.1.constructor', 'is not an accepted field'],
        ['[1,1,1,"\\ud800"]', '3', 'is not well-formed Unicode (a lone surrogate)'],
      ]) {
        const res = await request(app).post('/echo').set('Content-Type', 'application/json').send(raw);
        expect(res.status, raw).to.equal(422);
        expect(res.body.errors, raw).to.deep.equal([{ path, message }]);
      }
    });

    it('answers 400 malformed_json for brackets that do not balance, however few', async () => {
      for (const raw of ['{"a":1}]', '{"a":[1}', '[1,2]]', `${'['.repeat(40)}1${']'.repeat(39)}`]) {
        const res = await request(app).post('/echo').set('Content-Type', 'application/json').send(raw);
        expect(res.status, raw).to.equal(400);
        expect(res.body, raw).to.include({
          code: 'malformed_json',
          detail: 'The request body is not well-formed JSON, or its top level is not an object or an array.',
        });
      }
    });

    it('accepts a surrogate pair written as escapes', async () => {
      const res = await request(app).post('/echo').set('Content-Type', 'application/json').send('{"a":"\\ud83d\\ude00"}');
      expect(res.body).to.deep.equal({ received: { a: '\u{1f600}' } });
    });
  });

  describe('when the JSON is malformed', () => {
    it('answers 400 malformed_json', async () => {
      const res = await request(app).post('/echo').set('Content-Type', 'application/json').send('{"email": ');
      expect(res.status).to.equal(400);
      expect(res.headers['content-type']).to.equal('application/problem+json; charset=utf-8');
      expect(res.body).to.include({ code: 'malformed_json', title: 'Malformed JSON', status: 400, instance: '/echo' });
    });

    it('answers 400 for a top-level scalar (strict mode)', async () => {
      const res = await request(app).post('/echo').set('Content-Type', 'application/json').send('"just a string"');
      expect(res.status).to.equal(400);
      expect(res.body.code).to.equal('malformed_json');
    });
  });

  describe('when the body is not JSON', () => {
    it('answers 415 unsupported_media_type for text/plain', async () => {
      const res = await request(app).post('/echo').set('Content-Type', 'text/plain').send('hello');
      expect(res.status).to.equal(415);
      expect(res.body.code).to.equal('unsupported_media_type');
    });

    it('answers 415 for a form body', async () => {
      const res = await request(app).post('/echo').type('form').send('a=1');
      expect(res.status).to.equal(415);
    });

    it('answers 415 for a charset other than UTF', async () => {
      const res = await request(app).post('/echo').set('Content-Type', 'application/json; charset=latin1').send('{}');
      expect(res.status).to.equal(415);
      expect(res.body.code).to.equal('unsupported_media_type');
    });

    it('answers 415 for an unknown Content-Encoding', async () => {
      const res = await request(app).post('/echo').set('Content-Type', 'application/json').set('Content-Encoding', 'zstd-ish').send('{}');
      expect(res.status).to.equal(415);
    });
  });

  describe('when the body is over the limit', () => {
    it('answers 413 payload_too_large', async () => {
      const res = await request(app)
        .post('/echo')
        .send({ padding: 'x'.repeat(2048) });
      expect(res.status).to.equal(413);
      expect(res.body.code).to.equal('payload_too_large');
    });
  });

  describe('when there is no body and no Content-Type', () => {
    it('lets the request through with req.body undefined, for validation to report', async () => {
      const res = await request(app).post('/echo');
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ received: '(nothing)' });
    });
  });
});
