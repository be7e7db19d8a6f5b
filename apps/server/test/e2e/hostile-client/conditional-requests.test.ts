import { expect } from 'chai';

import { testAppForSuite } from '../../support/test-app-for-suite.js';

const USERS = '/v1/accounts/users';

describe('hostile client: conditional requests per RFC 9110', () => {
  const t = testAppForSuite();
  let location: string;
  let etag: string;

  before(async () => {
    const created = await t.api.post(USERS).send({ email: 'conditional@example.com', full_name: 'Conditional' }).expect(201);
    location = created.headers['location'] as string;
    etag = created.headers['etag'] as string;
  });

  it('evaluates If-Match on GET: 412 for a stale tag, 200 for the current one or *', async () => {
    expect((await t.api.get(location).set('If-Match', '"999"')).status).to.equal(412);
    expect((await t.api.get(location).set('If-Match', etag)).status).to.equal(200);
    expect((await t.api.get(location).set('If-Match', '*')).status).to.equal(200);
  });

  it('evaluates If-Match and If-None-Match on a page of the list, whose ETag moves when one of its users changes', async () => {
    const page = `${USERS}?limit=100`;
    const first = await t.api.get(page).expect(200);
    const pageTag = first.headers['etag'] as string;
    expect((await t.api.get(page).set('If-Match', pageTag)).status).to.equal(200);
    expect((await t.api.get(page).set('If-None-Match', pageTag).set('Cache-Control', 'no-cache')).status).to.equal(304);

    await t.api.patch(location).set('If-Match', etag).send({ full_name: 'Renamed' }).expect(200);
    etag = (await t.api.get(location)).headers['etag'] as string;

    const stale = await t.api.get(page).set('If-Match', pageTag);
    expect(stale.status).to.equal(412);
    expect(stale.body.code).to.equal('precondition_failed');
    const changed = await t.api.get(page).set('If-None-Match', pageTag).expect(200);
    expect(changed.headers['etag']).to.not.equal(pageTag);
    await t.api.patch(location).set('If-Match', etag).send({ full_name: 'Conditional' }).expect(200);
  });

  it('refuses a PATCH with If-None-Match: * on a user that exists, and writes nothing', async () => {
    const response = await t.api.patch(location).set('If-None-Match', '*').send({ full_name: 'Changed' });
    expect(response.status).to.equal(412);
    expect((await t.api.get(location)).body.full_name).to.equal('Conditional');
  });

  it('evaluates If-Unmodified-Since on PATCH against updated_at to the second, unless If-Match is present or the date is not one', async () => {
    const created = await t.api.post(USERS).send({ email: 'unmodified-since@example.com', full_name: 'Dated' }).expect(201);
    const user = created.headers['location'] as string;
    const modifiedAt = Math.floor(Date.parse((created.body as { updated_at: string }).updated_at) / 1000) * 1000;
    const before = new Date(modifiedAt - 1000).toUTCString();

    const stale = await t.api.patch(user).set('If-Unmodified-Since', before).send({ full_name: 'Too late' });
    expect(stale.status).to.equal(412);
    expect(stale.body.code).to.equal('precondition_failed');
    expect((await t.api.get(user)).body.full_name, 'nothing was written').to.equal('Dated');

    // Not an HTTP-date: ignored, as is the date beside If-Match.
    await t.api
      .patch(user)
      .set('If-Unmodified-Since', new Date(modifiedAt - 1000).toISOString())
      .send({ full_name: 'Dated' })
      .expect(200);
    const tagged = await t.api
      .patch(user)
      .set('If-Match', created.headers['etag'] as string)
      .set('If-Unmodified-Since', before)
      .send({ full_name: 'Matched' })
      .expect(200);

    // The second of the last modification: not modified since, so the change applies.
    const lastModified = new Date(Math.floor(Date.parse((tagged.body as { updated_at: string }).updated_at) / 1000) * 1000);
    const applied = await t.api.patch(user).set('If-Unmodified-Since', lastModified.toUTCString()).send({ full_name: 'On time' });
    expect(applied.status, JSON.stringify(applied.body)).to.equal(200);
    expect(applied.body.full_name).to.equal('On time');
  });
});
