import { hostname } from 'node:os';
import { Writable } from 'node:stream';

import { expect } from 'chai';
import request from 'supertest';

import { WinstonLogger } from '@proj/infra';

import { testAppForSuite } from '../support/test-app-for-suite.js';

const LEAKY_EMAIL = 'leaky.person@example.com';
const FAILING_EMAIL = 'secret.person@example.com';
const PASSWORD = 'hunter2-correct-horse';

/** Collects what the real logger writes, as the process would print it. */
function captureStream(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('nothing sensitive leaks into responses or logs', function () {
  this.timeout(30_000);
  const capture = captureStream();
  const output = capture.text;
  const logger = WinstonLogger.create({ env: 'test', serviceName: 'proj', log: { level: 'debug', format: 'json' } }, capture.stream);
  const t = testAppForSuite({}, { logger });
  let token: string;
  let secret: string;

  before(async () => {
    token = await t.token();
    const key = t.settings.auth.key;
    if (key.kind !== 'secret') throw new Error('expected the secret key source');
    secret = key.secret;
    // A database failure whose driver message carries personal data, as some constraint and
    // trigger messages do.
    await t.database.query(`
      create function refuse_secret_person() returns trigger language plpgsql as $$
      begin
        if new.email = '${FAILING_EMAIL}' then
          raise exception 'cannot store % on host %', new.email, inet_server_addr();
        end if;
        return new;
      end $$`);
    await t.database.query(
      'create trigger refuse_secret_person before insert on users for each row execute function refuse_secret_person()',
    );
  });

  describe('when the database fails with a message full of internals', () => {
    let response: request.Response;

    before(async () => {
      response = await request(t.app)
        .post('/v1/accounts/users')
        .auth(token, { type: 'bearer' })
        .send({ email: FAILING_EMAIL, full_name: 'Secret Person' });
    });

    it('answers a generic 500 problem: no stack, SQL, driver message, host or input', () => {
      expect(response.status).to.equal(500);
      expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(response.body).to.include({
        code: 'internal_error',
        detail: 'An unexpected error occurred. Quote the request id when reporting it.',
      });
      for (const leak of [
        'cannot store',
        FAILING_EMAIL,
        'secret.person',
        ' at ',
        '.ts:',
        '.js:',
        'insert into',
        'relation',
        'trigger',
        'postgres',
        'P0001',
        '127.0.0.1',
        hostname(),
      ]) {
        expect(response.text.toLowerCase(), leak).not.to.contain(leak.toLowerCase());
      }
    });

    it('logs the failure once at error, with its stack, the request id and the e-mail masked', () => {
      const errors = output()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line['level'] === 'error');
      expect(errors).to.have.length(1);
      const [line] = errors;
      expect(line).to.include({ message: 'unhandled error', request_id: response.body.request_id, subject: 'e2e-tester', status: 500 });
      const logged = JSON.stringify(line);
      expect(logged).to.contain('cannot store s***@example.com');
      expect(logged).to.match(/"stack":"[^"]*\\n\s+at /);
      expect(logged).not.to.contain(FAILING_EMAIL);
    });
  });

  describe('after requests carrying tokens, passwords and e-mails, accepted and refused', () => {
    before(async () => {
      await request(t.app)
        .post('/v1/accounts/users')
        .auth(token, { type: 'bearer' })
        .send({ email: LEAKY_EMAIL, full_name: 'Leaky Person' })
        .expect(201);
      await request(t.app)
        .post('/v1/accounts/users')
        .auth(token, { type: 'bearer' })
        .send({ email: LEAKY_EMAIL, full_name: 'Again' })
        .expect(409);
      await request(t.app)
        .post('/v1/accounts/users')
        .auth(token, { type: 'bearer' })
        .send({ email: LEAKY_EMAIL, full_name: 'X', password: PASSWORD })
        .expect(422);
      await request(t.app)
        .get(`/v1/accounts/users/${LEAKY_EMAIL}?password=${PASSWORD}&access_token=${token}`)
        .auth(token, { type: 'bearer' })
        .expect(422);
      await request(t.app).get('/v1/accounts/users/00000000-0000-4000-8000-000000000000').auth(`${token}x`, { type: 'bearer' }).expect(401);
      await request(t.app)
        .get('/v1/accounts/users/00000000-0000-4000-8000-000000000000')
        .set('Authorization', `Basic ${Buffer.from(`ada:${PASSWORD}`).toString('base64')}`)
        .expect(401);
      await request(t.app)
        .get('/v1/accounts/users/00000000-0000-4000-8000-000000000000')
        .set('Authorization', `Bearer ${PASSWORD}`)
        .expect(401);
    });

    it('logged every request (the capture works)', () => {
      expect(output().match(/"message":"request completed"/g)).to.have.length.of.at.least(8);
      expect(output()).to.contain('"reason":"bad_signature"');
    });

    it('never logged a token, the signing secret, a password or a full e-mail address', () => {
      const logs = output();
      expect(logs).not.to.contain(token);
      expect(logs).not.to.contain(token.split('.')[2]);
      expect(logs).not.to.contain(secret);
      expect(logs).not.to.contain(PASSWORD);
      expect(logs).not.to.contain(Buffer.from(`ada:${PASSWORD}`).toString('base64'));
      expect(logs).not.to.match(/[\w.+-]{2,}@example\.com/);
    });
  });
});
