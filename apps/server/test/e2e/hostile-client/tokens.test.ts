import { expect } from 'chai';
import { SignJWT } from 'jose';

import { testAppForSuite } from '../../support/test-app-for-suite.js';

const USERS = '/v1/accounts/users';

describe('hostile client: tokens with odd spellings, subjects and lifetimes', () => {
  const t = testAppForSuite();

  async function sign(claims: Record<string, unknown>): Promise<string> {
    const { key } = t.settings.auth;
    if (key.kind !== 'secret') throw new Error('the test app signs with a secret');
    return new SignJWT({ scope: 'accounts:read accounts:write', ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(key.secret));
  }

  const now = (): number => Math.floor(Date.now() / 1000);

  it('answers 401, never a 500, for a subject with a NUL byte sent with an Idempotency-Key', async () => {
    const token = await sign({ sub: 'ada\u0000', exp: now() + 60 });
    const response = await t.api
      .post(USERS)
      .auth(token, { type: 'bearer' })
      .set('Idempotency-Key', 'nul-subject')
      .send({ email: 'nul@example.com', full_name: 'Nul' });
    expect(response.status).to.equal(401);
  });

  it('accepts one spelling of a token only', async () => {
    const token = await sign({ sub: 'ada', exp: now() + 60 });
    expect((await t.api.get(`${USERS}?limit=1`).auth(token, { type: 'bearer' })).status).to.equal(200);
    for (const respelt of [`${token}=`, `${token.slice(0, -1)}${String.fromCharCode(token.charCodeAt(token.length - 1) | 1)}`]) {
      if (respelt === token) continue;
      expect((await t.api.get(`${USERS}?limit=1`).auth(respelt, { type: 'bearer' })).status, respelt.slice(-3)).to.equal(401);
    }
  });

  it('refuses a token valid for a year, or issued in the future', async () => {
    for (const claims of [
      { sub: 'ada', iat: now(), exp: now() + 365 * 86_400 },
      { sub: 'ada', iat: now() + 3_600, exp: now() + 7_200 },
    ]) {
      expect((await t.api.get(`${USERS}?limit=1`).auth(await sign(claims), { type: 'bearer' })).status).to.equal(401);
    }
  });
});
