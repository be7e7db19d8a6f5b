import { expect } from 'chai';

import { expectProblem, problemPaths } from '../support/expect-problem.js';
import { testAppForSuite } from '../support/test-app-for-suite.js';
import { startTestApp } from '../support/test-server.js';

interface WireUser {
  readonly id: string;
  readonly email: string;
  readonly is_active: boolean;
  readonly created_at: string;
}

interface WirePage {
  readonly items: WireUser[];
  readonly next_cursor: string | null;
}

const PRE_EXISTING = 250;
const USERS = '/v1/accounts/users';

describe('GET /v1/accounts/users (keyset pagination)', function () {
  this.timeout(180_000);

  const t = testAppForSuite();
  let preExisting: WireUser[];
  let registered = 0;

  /** Registers one user over HTTP; every fifth one inactive unless told otherwise. */
  async function register(prefix: string, isActive?: boolean): Promise<WireUser> {
    registered += 1;
    const n = registered;
    const response = await t.api
      .post(USERS)
      .send({ email: `${prefix}-${n}@example.com`, full_name: `${prefix} ${n}`, is_active: isActive ?? n % 5 !== 0 });
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    return response.body as WireUser;
  }

  async function page(query: Record<string, string | number | boolean>): Promise<WirePage> {
    const response = await t.api.get(USERS).query(query);
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    return response.body as WirePage;
  }

  before(async () => {
    preExisting = [];
    // 25 at a time: concurrent, but within the connection pool.
    for (let batch = 0; batch < PRE_EXISTING / 25; batch += 1) {
      preExisting.push(...(await Promise.all(Array.from({ length: 25 }, () => register('seed')))));
    }
    // Concurrent registrations finish in any order; creation order is (created_at, id).
    preExisting.sort((a, b) => (a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? -1 : 1));
  });

  /**
   * Walks every page with `limit`, registering `insertsPerPage` users concurrently with each page
   * read. Returns the users seen, in order, and the sizes of the pages.
   */
  async function walkWhileInserting(
    query: { limit: number; is_active?: boolean },
    insertsPerPage: number,
  ): Promise<{ seen: WireUser[]; sizes: number[]; inserted: WireUser[] }> {
    const seen: WireUser[] = [];
    const sizes: number[] = [];
    const inserted: WireUser[] = [];
    let cursor: string | null = null;
    do {
      const pageQuery: Record<string, string | number | boolean> = { limit: query.limit };
      if (query.is_active !== undefined) pageQuery['is_active'] = query.is_active;
      if (cursor !== null) pageQuery['cursor'] = cursor;
      const [current, ...added]: [WirePage, ...WireUser[]] = await Promise.all([
        page(pageQuery),
        ...Array.from({ length: insertsPerPage }, () => register('during', true)),
      ]);
      inserted.push(...added);
      seen.push(...current.items);
      sizes.push(current.items.length);
      cursor = current.next_cursor;
    } while (cursor !== null);
    return { seen, sizes, inserted };
  }

  function expectCreationOrder(users: readonly WireUser[]): void {
    for (let i = 1; i < users.length; i += 1) {
      const [a, b] = [users[i - 1] as WireUser, users[i] as WireUser];
      const ordered = a.created_at < b.created_at || (a.created_at === b.created_at && a.id < b.id);
      expect(ordered, `${a.created_at} ${a.id} before ${b.created_at} ${b.id}`).to.equal(true);
    }
  }

  describe('when 250 users exist and others register while every page is walked', () => {
    it('returns every pre-existing user exactly once, in creation order, and no user twice', async () => {
      const { seen, sizes, inserted } = await walkWhileInserting({ limit: 7 }, 2);
      const counts = new Map<string, number>();
      for (const user of seen) counts.set(user.id, (counts.get(user.id) ?? 0) + 1);
      for (const user of preExisting) expect(counts.get(user.id), user.email).to.equal(1);
      expect(
        [...counts.values()].every((count) => count === 1),
        'no user twice',
      ).to.equal(true);
      expectCreationOrder(seen);
      // Every page but the last is full; the walk outran the writers, so it saw some of their users.
      expect(sizes.slice(0, -1).every((size) => size === 7)).to.equal(true);
      expect(inserted.length).to.be.at.least(2 * 36);
      expect(seen.length).to.be.within(PRE_EXISTING, PRE_EXISTING + inserted.length);
    });

    it('with is_active=false, returns exactly the pre-existing inactive users, once each', async () => {
      const { seen } = await walkWhileInserting({ limit: 10, is_active: false }, 1);
      const expected = preExisting.filter((user) => !user.is_active).map((user) => user.id);
      expect(expected).to.have.length(50);
      expect(seen.map((user) => user.id)).to.deep.equal(expected);
    });
  });

  describe('when no limit is given', () => {
    it('returns 20 users and a cursor', async () => {
      const first = await page({});
      expect(first.items).to.have.length(20);
      expect(first.next_cursor).to.be.a('string');
      expect(first.items.map((user) => user.id)).to.deep.equal(preExisting.slice(0, 20).map((user) => user.id));
    });
  });

  describe('when limit is 100, the largest allowed', () => {
    it('returns 100 users', async () => {
      expect((await page({ limit: 100 })).items).to.have.length(100);
    });
  });

  describe('when the last page is reached', () => {
    it('answers next_cursor null there, after every user registered so far', async () => {
      const everything: WireUser[] = [];
      let cursor: string | null = null;
      do {
        const current: WirePage = await page({ limit: 100, ...(cursor === null ? {} : { cursor }) });
        everything.push(...current.items);
        cursor = current.next_cursor;
      } while (cursor !== null);
      expect(everything.length).to.equal(registered);
    });
  });

  describe('when the input is invalid', () => {
    for (const [what, query, path] of [
      ['limit 0', { limit: '0' }, 'limit'],
      ['limit 101', { limit: '101' }, 'limit'],
      ['a limit that is not a number', { limit: 'ten' }, 'limit'],
      ['a filter that is not a boolean', { is_active: 'maybe' }, 'is_active'],
      ['an unknown parameter', { order: 'desc' }, 'order'],
    ] as const) {
      it(`answers 422 validation_failed on ${path} for ${what}`, async () => {
        const response = await t.api.get(USERS).query(query);
        expectProblem(response, 422, 'validation_failed');
        expect(problemPaths(response)).to.deep.equal([path]);
      });
    }

    it('answers 422 for a repeated parameter', async () => {
      const response = await t.api.get(`${USERS}?limit=5&limit=6`);
      expectProblem(response, 422, 'validation_failed');
      expect(problemPaths(response)).to.deep.equal(['limit']);
    });
  });

  describe('when the cursor was not issued by this API, or was altered', () => {
    async function aCursor(api = t.api): Promise<string> {
      const response = await api.get(USERS).query({ limit: 3 });
      return (response.body as WirePage).next_cursor as string;
    }

    it('answers 422 validation_failed on cursor for garbage, never a 500', async () => {
      for (const cursor of ['garbage', '', '.', 'a.b', '%00', "' OR 1=1 --", 'x'.repeat(5000), 'dTE6MTow.AAAA']) {
        const response = await t.api.get(USERS).query({ cursor });
        expectProblem(response, 422, 'validation_failed');
        expect(problemPaths(response), cursor.slice(0, 20)).to.deep.equal(['cursor']);
      }
    });

    it('answers 422 for a real cursor with one character changed, and 200 for it unchanged', async () => {
      const cursor = await aCursor();
      expect((await t.api.get(USERS).query({ cursor })).status).to.equal(200);
      for (const position of [0, Math.floor(cursor.length / 2), cursor.length - 1]) {
        const changed = cursor.slice(0, position) + (cursor[position] === 'A' ? 'B' : 'A') + cursor.slice(position + 1);
        expectProblem(await t.api.get(USERS).query({ cursor: changed }), 422, 'validation_failed');
      }
    });

    it('answers 422 for a payload re-signed by nobody: a forged position with the old signature', async () => {
      const cursor = await aCursor();
      const [, mac] = cursor.split('.');
      const forged = `${Buffer.from('u1:0:00000000-0000-4000-8000-000000000000').toString('base64url')}.${mac ?? ''}`;
      expectProblem(await t.api.get(USERS).query({ cursor: forged }), 422, 'validation_failed');
    });

    it("accepts another instance's cursor when they share PROJ_CURSOR_SECRET, and refuses it otherwise", async () => {
      const secret = 's'.repeat(40);
      const [first, second, stranger] = await Promise.all([
        startTestApp({ PROJ_CURSOR_SECRET: secret }),
        startTestApp({ PROJ_CURSOR_SECRET: secret }),
        startTestApp(),
      ]);
      try {
        for (let i = 0; i < 5; i += 1) {
          await first.api
            .post(USERS)
            .send({ email: `shared-${i}@example.com`, full_name: `Shared ${i}` })
            .expect(201);
        }
        const cursor = await aCursor(first.api);
        expect((await second.api.get(USERS).query({ cursor })).status).to.equal(200);
        expectProblem(await stranger.api.get(USERS).query({ cursor }), 422, 'validation_failed');
      } finally {
        await Promise.all([first.close(), second.close(), stranger.close()]);
      }
    });
  });
});
