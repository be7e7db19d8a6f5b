import { expect } from 'chai';

import { InputValidationError } from '../../../src/errors/index.js';
import { DEFAULT_PAGE_SIZE, ListUsers, MAX_PAGE_SIZE, type UserDto } from '../../../src/index.js';
import { aUser, FakeCursorSigner, InMemoryUserRepository } from '../../../src/testing/index.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');

describe('ListUsers', () => {
  let users: InMemoryUserRepository;
  let cursors: FakeCursorSigner;
  let listUsers: ListUsers;

  beforeEach(() => {
    users = new InMemoryUserRepository();
    cursors = new FakeCursorSigner();
    listUsers = new ListUsers({ users, cursors });
  });

  async function registerMany(count: number, overrides: { isActive?: (i: number) => boolean } = {}): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      // Pairs share a creation time, so the walk depends on the id tie-break.
      const user = aUser({ registeredAt: new Date(T0.getTime() + Math.floor(i / 2) * 1000), isActive: overrides.isActive?.(i) ?? true });
      await users.register(user);
      ids.push(user.id.value);
    }
    return ids;
  }

  async function walk(query: { limit?: number; isActive?: boolean }): Promise<{ pages: UserDto[][]; cursors: Array<string | null> }> {
    const pages: UserDto[][] = [];
    const seen: Array<string | null> = [];
    let cursor: string | undefined;
    do {
      const page = await listUsers.execute({ ...query, ...(cursor === undefined ? {} : { cursor }) });
      pages.push([...page.items]);
      seen.push(page.nextCursor);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return { pages, cursors: seen };
  }

  describe('when walking every page', () => {
    it('returns each user once, in creation order, with null after the last page', async () => {
      const ids = await registerMany(7);
      const { pages, cursors: seen } = await walk({ limit: 3 });
      expect(pages.map((page) => page.length)).to.deep.equal([3, 3, 1]);
      expect(pages.flat().map((user) => user.id)).to.deep.equal(ids);
      expect(seen.at(-1)).to.equal(null);
      expect(seen.slice(0, -1).every((cursor) => typeof cursor === 'string')).to.equal(true);
    });

    it('ends with a null cursor and no empty page when the count divides evenly', async () => {
      await registerMany(6);
      const { pages } = await walk({ limit: 3 });
      expect(pages.map((page) => page.length)).to.deep.equal([3, 3]);
    });

    it('sees users registered behind the position but not those before it', async () => {
      await registerMany(4);
      const first = await listUsers.execute({ limit: 2 });
      const late = aUser({ registeredAt: new Date(T0.getTime() + 60_000) });
      await users.register(late);
      const second = await listUsers.execute({ limit: 10, cursor: first.nextCursor as string });
      expect(second.items.map((user) => user.id).at(-1)).to.equal(late.id.value);
      expect(second.items).to.have.length(3);
    });

    it('filters by the active flag across pages', async () => {
      const ids = await registerMany(9, { isActive: (i) => i % 3 !== 0 });
      const { pages } = await walk({ limit: 2, isActive: false });
      expect(pages.flat().map((user) => user.id)).to.deep.equal([ids[0], ids[3], ids[6]]);
      expect(pages.flat().every((user) => !user.isActive)).to.equal(true);
    });
  });

  describe('when no limit is given', () => {
    it(`returns pages of ${DEFAULT_PAGE_SIZE}`, async () => {
      await registerMany(DEFAULT_PAGE_SIZE + 1);
      const page = await listUsers.execute({});
      expect(page.items).to.have.length(DEFAULT_PAGE_SIZE);
      expect(page.nextCursor).to.be.a('string');
    });
  });

  describe('when there are no users', () => {
    it('returns an empty last page', async () => {
      expect(await listUsers.execute({})).to.deep.equal({ items: [], nextCursor: null });
    });
  });

  describe('when the limit is out of range', () => {
    for (const limit of [0, -1, MAX_PAGE_SIZE + 1, 2.5, Number.NaN]) {
      it(`rejects ${limit} with InputValidationError on limit`, async () => {
        const error = await listUsers.execute({ limit }).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(InputValidationError);
        expect((error as InputValidationError).issues).to.deep.equal([{ path: 'limit', message: 'must be an integer from 1 to 100' }]);
      });
    }

    it(`accepts 1 and ${MAX_PAGE_SIZE}`, async () => {
      await registerMany(MAX_PAGE_SIZE + 1);
      expect((await listUsers.execute({ limit: 1 })).items).to.have.length(1);
      expect((await listUsers.execute({ limit: MAX_PAGE_SIZE })).items).to.have.length(MAX_PAGE_SIZE);
    });
  });

  describe('when the cursor was not issued by this service', () => {
    for (const cursor of ['', 'garbage', 'fake1-1', 'x'.repeat(10_000)]) {
      it(`rejects ${JSON.stringify(cursor.slice(0, 12))} with InputValidationError on cursor`, async () => {
        const error = await listUsers.execute({ cursor }).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(InputValidationError);
        expect((error as InputValidationError).issues.map((issue) => issue.path)).to.deep.equal(['cursor']);
      });
    }

    it('rejects a correctly signed payload of another format', async () => {
      for (const payload of [
        'u2:0:0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b',
        'u1:abc:0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b',
        'u1:1:not-a-uuid',
        'u1:99999999999999999:0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b',
      ]) {
        const error = await listUsers.execute({ cursor: cursors.sign(payload) }).catch((e: unknown) => e);
        expect(error, payload).to.be.instanceOf(InputValidationError);
      }
    });

    it('reports a bad limit and a bad cursor together', async () => {
      const error = await listUsers.execute({ limit: 0, cursor: 'garbage' }).catch((e: unknown) => e);
      expect((error as InputValidationError).issues.map((issue) => issue.path)).to.deep.equal(['limit', 'cursor']);
    });
  });
});
