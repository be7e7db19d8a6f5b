import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { expect } from 'chai';

import { floorApp } from '../../baseline/floor-app.js';
import { toJson, type UserRow } from '../../baseline/users.js';

const seeded: UserRow = {
  id: '0b7e8d4c-3f5a-4c2e-9a61-2d8f0e7b9c14',
  email: 'seeded-1@example.com',
  full_name: 'Seeded User 1',
  is_active: true,
  created_at: new Date('2025-01-01T00:00:00.001Z'),
  updated_at: new Date('2025-01-01T00:00:00.002Z'),
  version: 3,
};

describe('floorApp', () => {
  let server: Server;
  let baseUrl: string;

  before(async () => {
    server = floorApp(new Map([[seeded.id, seeded]])).listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("answers a user it holds with the baseline's JSON and ETag", async () => {
    const response = await fetch(`${baseUrl}/v1/accounts/users/${seeded.id}`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('etag')).to.equal('"3"');
    expect(await response.json()).to.deep.equal(toJson(seeded));
  });

  it('finds a user whatever the case of the id, as PostgreSQL compares uuids', async () => {
    const response = await fetch(`${baseUrl}/v1/accounts/users/${seeded.id.toUpperCase()}`);
    expect(response.status).to.equal(200);
  });

  it('answers 404 for an id it does not hold, and 422 for something that is not an id', async () => {
    expect((await fetch(`${baseUrl}/v1/accounts/users/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b`)).status).to.equal(404);
    expect((await fetch(`${baseUrl}/v1/accounts/users/not-an-id`)).status).to.equal(422);
  });

  it('is ready as soon as it listens, having read its users before', async () => {
    const response = await fetch(`${baseUrl}/health/ready`);
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ status: 'ok' });
  });
});
