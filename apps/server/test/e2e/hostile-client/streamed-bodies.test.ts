import { expect } from 'chai';

import { requestHead, streamRequest } from '../../support/hostile-socket.js';
import { servedTestAppForSuite } from '../../support/test-app-for-suite.js';

/** Far more than the server may read after answering; a server that reads on would take it all. */
const GIVE_UP_AFTER = 64 * 1024 * 1024;
/** What the server may read after its answer (its bounded drain), plus what the sockets' buffers hold. */
const READ_AT_MOST = 16 * 1024 * 1024;

describe('hostile client: bodies the server has no use for', () => {
  const t = servedTestAppForSuite({ PROJ_BODY_LIMIT: '100kb' });
  let token: string;

  before(async () => {
    token = await t.token();
  });

  const json = { 'Content-Type': 'application/json' };

  for (const [name, method, path, headers, status] of [
    ['a POST without a token (401)', 'POST', '/v1/accounts/users', {}, 401],
    ['a POST to a path that does not exist (404)', 'POST', '/nowhere', {}, 404],
    ['a PUT on a versioned path that exists (405)', 'PUT', '/v1/accounts/users', { withToken: 'yes' }, 405],
  ] as const) {
    for (const chunked of [false, true]) {
      it(`answers ${name} at once and closes, instead of reading a ${chunked ? 'chunked' : 'declared 10 GB'} body`, async function () {
        this.timeout(60_000);
        const framing: Record<string, string> = chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(10 * 1024 ** 3) };
        const auth: Record<string, string> = 'withToken' in headers ? { Authorization: `Bearer ${token}` } : {};
        const response = await streamRequest(t.port, requestHead(method, path, { ...json, ...framing, ...auth }), {
          maxBytes: GIVE_UP_AFTER,
          chunked,
        });
        expect(response.status).to.equal(status);
        expect(response.headers['content-type']).to.contain('application/problem+json');
        expect(response.headers['connection']).to.equal('close');
        expect(response.closedByServer, `the server read all ${response.sentBytes} bytes`).to.equal(true);
        expect(response.sentBytes).to.be.below(READ_AT_MOST);
      });
    }
  }

  it('answers a declared Content-Length over the body limit with 413 at once, then closes', async function () {
    this.timeout(60_000);
    const head = requestHead('POST', '/v1/accounts/users', {
      ...json,
      Authorization: `Bearer ${token}`,
      'Content-Length': String(5 * 1024 ** 3),
    });
    const response = await streamRequest(t.port, head, { maxBytes: GIVE_UP_AFTER });
    expect(response.status).to.equal(413);
    expect(JSON.parse(response.body)).to.include({ code: 'payload_too_large' });
    expect(response.headers['connection']).to.equal('close');
    expect(response.closedByServer).to.equal(true);
    expect(response.sentBytes).to.be.below(READ_AT_MOST);
  });

  it('cuts a chunked body at the body limit with 413, then closes', async function () {
    this.timeout(60_000);
    const head = requestHead('POST', '/v1/accounts/users', { ...json, Authorization: `Bearer ${token}`, 'Transfer-Encoding': 'chunked' });
    const response = await streamRequest(t.port, head, { maxBytes: GIVE_UP_AFTER, chunked: true });
    expect(response.status).to.equal(413);
    expect(response.headers['connection']).to.equal('close');
    expect(response.closedByServer).to.equal(true);
    expect(response.sentBytes).to.be.below(READ_AT_MOST);
  });

  it('still answers a declared length over the limit followed by a few bytes, at once', async function () {
    const head = requestHead('POST', '/v1/accounts/users', {
      ...json,
      Authorization: `Bearer ${token}`,
      'Content-Length': String(1024 ** 2),
    });
    const response = await streamRequest(t.port, head, { maxBytes: 16, chunkBytes: 16, thenWait: true });
    expect(response.status).to.equal(413);
    expect(response.closedByServer).to.equal(true);
  });

  it('keeps the connection open after an answer that read the whole body', async () => {
    const response = await fetch(`${t.url}/v1/accounts/users`, {
      method: 'POST',
      headers: { ...json, Authorization: `Bearer ${token}` },
      body: JSON.stringify({ email: 'keep.alive@example.com', full_name: 'Keep Alive' }),
    });
    expect(response.status).to.equal(201);
    expect(response.headers.get('connection')).to.not.equal('close');
  });
});
