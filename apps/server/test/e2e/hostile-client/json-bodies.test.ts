import { expect } from 'chai';
import fc from 'fast-check';

import { servedTestAppForSuite } from '../../support/test-app-for-suite.js';

/** Fixed, so a failure reproduces. */
const SEED = 20_261_202;

describe('hostile client: JSON bodies that are deep or not well-formed Unicode', () => {
  const t = servedTestAppForSuite({ PROJ_BODY_LIMIT: '100kb' });
  let token: string;

  before(async () => {
    token = await t.token();
  });

  async function post(
    body: string | Uint8Array,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${t.url}/v1/accounts/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...headers },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function countUsers(): Promise<number> {
    const [row] = await t.database.query<{ n: number }>('select count(*)::int as n from users');
    return row?.n ?? -1;
  }

  it('answers a deeply nested body with a 4xx, with or without Idempotency-Key', async function () {
    this.timeout(120_000);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6_000 }),
        fc.constantFrom('[', '{"a":'),
        fc.boolean(),
        fc.constantFrom('body', 'full_name'),
        async (depth, opener, withKey, where) => {
          const closer = opener === '[' ? ']' : '}';
          const nested = `${opener.repeat(depth)}1${closer.repeat(depth)}`;
          const body = where === 'body' ? nested : `{"email":"deep@example.com","full_name":${nested}}`;
          const response = await post(body, withKey ? { 'Idempotency-Key': `deep-${depth}-${opener.length}-${where}` } : {});
          expect(response.status, `depth ${depth}`).to.be.within(400, 499);
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
    // The attack as reported: about 6 KB, 3 200 levels of arrays, with the header.
    const reported = await post(`${'['.repeat(3_200)}${']'.repeat(3_200)}`, { 'Idempotency-Key': 'deep-reported' });
    expect(reported.status).to.equal(400);
    expect(reported.body).to.include({ code: 'malformed_json' });
  });

  const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => `\\u${unit.toString(16)}`);
  const text = fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s).slice(1, -1));

  it('refuses a lone surrogate escape with 422 naming the field, and stores nothing', async function () {
    this.timeout(60_000);
    const before = await countUsers();
    await fc.assert(
      fc.asyncProperty(text, loneSurrogate, text, fc.constantFrom('email', 'full_name'), async (head, lone, tail, field) => {
        const fields = { email: '"lone@example.com"', full_name: '"Lone"', [field]: `"${head}${lone}${tail}"` };
        const response = await post(`{"email":${fields.email},"full_name":${fields.full_name}}`, {
          'Idempotency-Key': `lone-${head}${tail}`,
        });
        expect(response.status).to.equal(422);
        expect(response.body['errors']).to.deep.include({ path: field, message: 'is not well-formed Unicode (a lone surrogate)' });
      }),
      { seed: SEED, numRuns: 40 },
    );
    expect(await countUsers()).to.equal(before);
  });

  it('accepts a surrogate pair and returns exactly what it stored', async () => {
    const created = await post('{"email":"pair@example.com","full_name":"Emoji \\ud83d\\ude00"}');
    expect(created.status).to.equal(201);
    const [row] = await t.database.query<{ full_name: string }>(`select full_name from users where id = '${String(created.body['id'])}'`);
    expect(row?.full_name).to.equal('Emoji \u{1f600}');
    expect(created.body['full_name']).to.equal(row?.full_name);
  });

  it('refuses bytes that are not UTF-8 with 400 malformed_json', async function () {
    this.timeout(60_000);
    const invalid = fc.constantFrom(
      [0xff],
      [0xc0, 0xaf], // overlong '/'
      [0xed, 0xa0, 0x80], // an encoded surrogate (WTF-8)
      [0xe2, 0x82], // truncated
      [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 6 }), invalid, async (prefix, bytes) => {
        const body = Buffer.concat([
          Buffer.from(`{"email":"bytes@example.com","full_name":"${JSON.stringify(prefix).slice(1, -1)}`),
          Buffer.from(bytes),
          Buffer.from('"}'),
        ]);
        const response = await post(body);
        expect(response.status).to.equal(400);
        expect(response.body).to.include({ code: 'malformed_json' });
      }),
      { seed: SEED, numRuns: 30 },
    );
  });
});
