import { expect } from 'chai';

import type { IdempotencyStore, StoredResponse } from '../edge/idempotency-store.js';
import type { Elapse } from './elapse.js';
import { uniqueName } from './unique-name.js';

const LEASE_MS = 30_000;
const RETENTION_MS = 86_400_000;
const RESPONSE: StoredResponse = {
  status: 201,
  headers: { 'content-type': 'application/json; charset=utf-8', location: '/v1/things/1', etag: '"1"' },
  body: '{"id":"1","name":"Ünïcödé"}',
};

/**
 * The behaviour every IdempotencyStore adapter must have. `make` is called before each test;
 * tests use keys of their own, so it may return the same store every time.
 */
export function describeIdempotencyStoreContract(name: string, make: () => Promise<IdempotencyStore>, elapse: Elapse): void {
  describe(`${name} (IdempotencyStore contract)`, () => {
    let store: IdempotencyStore;
    let key: string;

    beforeEach(async () => {
      store = await make();
      key = uniqueName('idempotency');
    });

    async function reserve(fingerprint = 'f1', leaseMs = LEASE_MS): Promise<string> {
      const begun = await store.begin(key, fingerprint, leaseMs);
      if (begun.outcome !== 'reserved') throw new Error(`expected a reservation, got ${begun.outcome}`);
      expect(begun.token).to.be.a('string').that.is.not.empty;
      return begun.token;
    }

    it('reserves a new key, then reports it in progress with its fingerprint', async () => {
      await reserve('f1');
      expect(await store.begin(key, 'f2', LEASE_MS)).to.deep.equal({ outcome: 'in-progress', fingerprint: 'f1' });
    });

    it('replays the recorded response, byte for byte, with the first fingerprint', async () => {
      const token = await reserve('f1');
      expect(await store.complete(key, token, RESPONSE, RETENTION_MS)).to.equal(true);
      expect(await store.begin(key, 'f1', LEASE_MS)).to.deep.equal({ outcome: 'completed', fingerprint: 'f1', response: RESPONSE });
    });

    it('lets exactly one of many concurrent requests reserve a key', async () => {
      const results = await Promise.all(Array.from({ length: 12 }, () => store.begin(key, 'f1', LEASE_MS)));
      expect(results.filter((r) => r.outcome === 'reserved')).to.have.length(1);
      expect(results.filter((r) => r.outcome === 'in-progress')).to.have.length(11);
    });

    it('refuses to complete or release with a token that does not own the key', async () => {
      await reserve('f1');
      expect(await store.complete(key, 'not-the-token', RESPONSE, RETENTION_MS)).to.equal(false);
      expect(await store.release(key, 'not-the-token')).to.equal(false);
      expect((await store.begin(key, 'f1', LEASE_MS)).outcome).to.equal('in-progress');
    });

    it('frees a released key for a new reservation with a new token', async () => {
      const first = await reserve('f1');
      expect(await store.release(key, first)).to.equal(true);
      const second = await reserve('f1');
      expect(second).not.to.equal(first);
    });

    it('frees a key whose owner let the lease run out, and the old owner cannot overwrite the successor', async () => {
      const stale = await reserve('f1', 100);
      await elapse(400);
      const successor = await reserve('f1');
      expect(await store.complete(key, stale, { ...RESPONSE, status: 500 }, RETENTION_MS)).to.equal(false);
      expect(await store.release(key, stale)).to.equal(false);
      expect(await store.complete(key, successor, RESPONSE, RETENTION_MS)).to.equal(true);
      expect(await store.begin(key, 'f1', LEASE_MS)).to.deep.include({ outcome: 'completed', response: RESPONSE });
    });

    it('forgets a recorded response after its retention', async () => {
      const token = await reserve('f1');
      await store.complete(key, token, RESPONSE, 100);
      await elapse(400);
      expect((await store.begin(key, 'f1', LEASE_MS)).outcome).to.equal('reserved');
    });
  });
}
