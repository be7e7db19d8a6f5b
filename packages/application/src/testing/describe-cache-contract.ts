import { expect } from 'chai';

import type { Cache } from '../ports/cache.js';
import type { Elapse } from './elapse.js';
import { uniqueName } from './unique-name.js';

/**
 * The behaviour every Cache adapter must have. `make` is called before each test; tests use keys
 * of their own, so it may return the same cache every time.
 */
export function describeCacheContract(name: string, make: () => Promise<Cache>, elapse: Elapse): void {
  describe(`${name} (Cache contract)`, () => {
    let cache: Cache;
    let key: string;

    beforeEach(async () => {
      cache = await make();
      key = uniqueName('cache');
    });

    it('answers undefined for a key never written', async () => {
      expect(await cache.get(key)).to.equal(undefined);
    });

    it('returns what was put, value and version', async () => {
      expect(await cache.put(key, { value: '{"name":"Ada"}', version: 3 }, 60_000)).to.equal(true);
      expect(await cache.get(key)).to.deep.equal({ value: '{"name":"Ada"}', version: 3 });
    });

    it('keeps a newer entry when an older or equal version is put later', async () => {
      await cache.put(key, { value: 'v5', version: 5 }, 60_000);
      expect(await cache.put(key, { value: 'v4', version: 4 }, 60_000)).to.equal(false);
      expect(await cache.put(key, { value: 'v5-again', version: 5 }, 60_000)).to.equal(false);
      expect(await cache.get(key)).to.deep.equal({ value: 'v5', version: 5 });
    });

    it('replaces an entry with a newer version', async () => {
      await cache.put(key, { value: 'absent', version: 0 }, 60_000);
      expect(await cache.put(key, { value: 'v1', version: 1 }, 60_000)).to.equal(true);
      expect(await cache.get(key)).to.deep.equal({ value: 'v1', version: 1 });
    });

    it('ends with the highest version when versions are put concurrently in any order', async () => {
      const versions = [4, 9, 1, 7, 10, 2, 8, 3, 6, 5];
      await Promise.all(versions.map((version) => cache.put(key, { value: `v${version}`, version }, 60_000)));
      expect(await cache.get(key)).to.deep.equal({ value: 'v10', version: 10 });
    });

    it('forgets a deleted key, and deleting an absent key is fine', async () => {
      await cache.put(key, { value: 'x', version: 1 }, 60_000);
      await cache.delete(key);
      expect(await cache.get(key)).to.equal(undefined);
      await cache.delete(key);
    });

    it('forgets an entry once its time to live has passed', async () => {
      await cache.put(key, { value: 'short', version: 1 }, 100);
      await elapse(400);
      expect(await cache.get(key)).to.equal(undefined);
    });

    it('keeps keys apart', async () => {
      const other = uniqueName('cache');
      await cache.put(key, { value: 'mine', version: 1 }, 60_000);
      expect(await cache.get(other)).to.equal(undefined);
    });
  });
}
