import { expect } from 'chai';

import type { RegisterUser } from '@proj/application';
import { IdempotencyKeyReusedError } from '@proj/application/errors';
import { SequentialIdGenerator } from '@proj/application/testing';

import { purgeIdempotencyKeys } from '../../../src/index.js';
import { registerUserOn, useMigratedDatabase } from '../../support/postgres.js';

describe('KyselyIdempotencyKeyRepository with RegisterUser on PostgreSQL', () => {
  // Ten concurrent registrations each hold a connection.
  const under = useMigratedDatabase({ poolMax: 12, statementTimeoutMs: 10_000, connectTimeoutMs: 5_000 });
  let registerUser: RegisterUser;

  before(() => {
    registerUser = registerUserOn(under.db);
  });

  const count = async (table: string, where = 'true'): Promise<number> =>
    (await under.database.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`))[0]?.n ?? -1;

  it('creates one user for ten concurrent requests with one key, and answers all ten with it', async () => {
    const idempotency = { key: 'anonymous:concurrent-1', fingerprint: 'f-1' };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => registerUser.execute({ email: 'once@example.com', fullName: 'Once', idempotency })),
    );
    expect(new Set(results.map((user) => user.id)).size).to.equal(1);
    expect(await count('users', "email = 'once@example.com'")).to.equal(1);
    expect(await count('idempotency_keys', "key = 'anonymous:concurrent-1'")).to.equal(1);
  });

  it('returns the same user when the request is repeated after its response was lost (a crash after the commit)', async () => {
    const idempotency = { key: 'anonymous:crash-1', fingerprint: 'f-2' };
    const first = await registerUser.execute({ email: 'crash@example.com', fullName: 'Crash', idempotency });
    // The response store never heard of it; the retry runs the command again from scratch.
    const retry = await registerUser.execute({ email: 'crash@example.com', fullName: 'Crash', idempotency });
    expect(retry).to.deep.equal(first);
    expect(await count('users', "email = 'crash@example.com'")).to.equal(1);
  });

  it('rejects the key reused with another request, and records nothing for it', async () => {
    const key = 'anonymous:reuse-1';
    await registerUser.execute({ email: 'first@example.com', fullName: 'First', idempotency: { key, fingerprint: 'f-a' } });
    await expect(
      registerUser.execute({ email: 'second@example.com', fullName: 'Second', idempotency: { key, fingerprint: 'f-b' } }),
    ).to.be.rejectedWith(IdempotencyKeyReusedError);
    expect(await count('users', "email = 'second@example.com'")).to.equal(0);
  });

  it('rolls the key back with a registration that fails, leaving it free', async () => {
    const sameId = registerUserOn(under.db, new SequentialIdGenerator());
    await sameId.execute({ email: 'taken@example.com', fullName: 'Taken' });
    await expect(
      sameId.execute({ email: 'TAKEN@example.com', fullName: 'Again', idempotency: { key: 'anonymous:fails', fingerprint: 'f' } }),
    ).to.be.rejected;
    expect(await count('idempotency_keys', "key = 'anonymous:fails'")).to.equal(0);
  });

  it('purges keys older than the retention, and only those', async () => {
    await under.database.query(
      `insert into idempotency_keys (key, fingerprint, resource_id, created_at) values ('old', 'f', gen_random_uuid(), now() - interval '2 days')`,
    );
    const before = await count('idempotency_keys');
    expect(await purgeIdempotencyKeys(under.db, new Date(Date.now() - 86_400_000))).to.equal(1);
    expect(await count('idempotency_keys')).to.equal(before - 1);
  });
});
