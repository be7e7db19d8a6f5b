import { expect } from 'chai';

import { startTestApp, type TestApp } from '../../support/test-server.js';

const USERS = '/v1/accounts/users';

describe('hostile client: conditional requests per RFC 9110', () => {
  let t: TestApp;
  let location: string;
  let etag: string;

  before(async () => {
    t = await startTestApp();
    const created = await t.api.post(USERS).send({ email: 'conditional@example.com', full_name: 'Conditional' }).expect(201);
    location = created.headers['location'] as string;
    etag = created.headers['etag'] as string;
  });

  after(async () => {
    await t.close();
  });

  it('evaluates If-Match on GET: 412 for a stale tag, 200 for the current one or *', async () => {
    expect((await t.api.get(location).set('If-Match', '"999"')).status).to.equal(412);
    expect((await t.api.get(location).set('If-Match', etag)).status).to.equal(200);
    expect((await t.api.get(location).set('If-Match', '*')).status).to.equal(200);
  });

  it('refuses a PATCH with If-None-Match: * on a user that exists, and writes nothing', async () => {
    const response = await t.api.patch(location).set('If-None-Match', '*').send({ full_name: 'Changed' });
    expect(response.status).to.equal(412);
    expect((await t.api.get(location)).body.full_name).to.equal('Conditional');
  });
});
