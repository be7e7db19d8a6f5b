import { expect } from 'chai';

import { RawHttpConnection } from '../../support/raw-http.js';
import { servedTestAppForSuite } from '../../support/test-app-for-suite.js';

describe('hostile client: malformed HTTP gets problem+json', () => {
  const t = servedTestAppForSuite();

  async function send(raw: string): Promise<{ status: number; type: string | undefined; code: unknown }> {
    const connection = await RawHttpConnection.open(t.port);
    try {
      connection.write(raw);
      const response = await connection.response();
      const type = response.headers['content-type'];
      return {
        status: response.status,
        type,
        code: type?.startsWith('application/problem+json') ? JSON.parse(response.body).code : undefined,
      };
    } finally {
      connection.destroy();
    }
  }

  for (const [what, raw, status] of [
    ['two Host headers', 'GET /health/live HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n', 400],
    ['an HTTP/1.1 request without Host', 'GET /health/live HTTP/1.1\r\n\r\n', 400],
    ['a docs asset with the wrong method', 'POST /docs/swagger-ui.css HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n', 405],
    ['an encoded traversal under /docs', 'GET /docs/%2e%2e/%2e%2e/package.json HTTP/1.1\r\nHost: a\r\n\r\n', 404],
    ['an encoded traversal with slashes under /docs', 'GET /docs/..%2f..%2fpackage.json HTTP/1.1\r\nHost: a\r\n\r\n', 404],
  ] as const) {
    it(`answers ${what} with ${status} as problem+json`, async () => {
      const response = await send(raw);
      expect(response.status).to.equal(status);
      expect(response.type).to.match(/^application\/problem\+json/);
    });
  }

  it('still serves an HTTP/1.0 request without Host, and a docs asset', async () => {
    expect((await send('GET /health/live HTTP/1.0\r\n\r\n')).status).to.equal(200);
    expect((await send('GET /docs/swagger-ui.css HTTP/1.1\r\nHost: a\r\n\r\n')).status).to.equal(200);
  });
});

describe('hostile client: Expect: 100-continue', () => {
  const t = servedTestAppForSuite();

  it('is answered with 401, not 100 Continue, without a token', async () => {
    const connection = await RawHttpConnection.open(t.port);
    connection.write(
      'POST /v1/accounts/users HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n',
    );
    const response = await connection.response();
    connection.destroy();
    expect(response.status).to.equal(401);
  });

  it('gets 100 Continue once authenticated, then the answer to the body', async () => {
    const body = JSON.stringify({ email: 'continue@example.com', full_name: 'Continue' });
    const connection = await RawHttpConnection.open(t.port);
    connection.write(
      `POST /v1/accounts/users HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer ${await t.token()}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    );
    const interim = await connection.response();
    expect(interim.status).to.equal(100);
    connection.write(body);
    const final = await connection.response();
    connection.destroy();
    expect(final.status).to.equal(201);
  });
});

describe('hostile client: more connections than the cap', () => {
  const t = servedTestAppForSuite({ PROJ_HTTP_MAX_CONNECTIONS: '2' });

  it('closes a connection past PROJ_HTTP_MAX_CONNECTIONS at once, and serves the others', async () => {
    const held = [await RawHttpConnection.open(t.port), await RawHttpConnection.open(t.port)];
    // The first two are accepted (a request on each proves it).
    for (const connection of held) expect((await connection.get('/health/live')).status).to.equal(200);
    const third = await RawHttpConnection.open(t.port);
    await third.closed;
    expect(third.isClosed).to.equal(true);
    for (const connection of held) connection.destroy();
  });
});
