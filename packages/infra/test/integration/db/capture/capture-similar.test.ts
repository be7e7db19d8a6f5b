import { expect } from 'chai';
import { sql } from 'kysely';

import { ensureEmbeddingDimension } from '../../../../src/index.js';
import { useMigratedDatabase } from '../../../support/postgres.js';

const OWNER = '40000000-0000-4000-8000-000000000001';
const STRANGER = '40000000-0000-4000-8000-000000000002';

interface Ranked {
  readonly id: string;
  readonly similarity: number;
}

/** How far a similarity may be from the reference: rounding, never a different ranking. */
const ROUNDING = 1e-12;

/** The same artifacts in the same order, each similarity within ROUNDING of the expected one. */
function expectRanking(actual: readonly Ranked[], expected: readonly Ranked[]): void {
  expect(actual.map((r) => r.id)).to.deep.equal(expected.map((r) => r.id));
  actual.forEach((r, i) => expect(r.similarity).to.be.closeTo(expected[i]?.similarity ?? NaN, ROUNDING));
}

/** A deterministic generator of numbers in [0, 1) (mulberry32), so that the data and its ties are the same every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cosine similarity in float64 over float32 numbers, clamped as the database does. */
function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  a.forEach((x, i) => {
    const y = b[i] ?? NaN;
    dot += x * y;
    aa += x * x;
    bb += y * y;
  });
  return Math.max(-1, Math.min(1, dot / (Math.sqrt(aa) * Math.sqrt(bb))));
}

describe('capture_similar (similar-artifact search without pgvector)', () => {
  const under = useMigratedDatabase();

  before(async () => {
    await under.database.query(
      `insert into users (id, email, full_name) values ('${OWNER}', 'o@example.com', 'O'), ('${STRANGER}', 's@example.com', 'S')`,
    );
  });

  /** `count` artifacts of `user` with random embeddings, some of them equal (ties), inserted directly. */
  async function seed(user: string, count: number, dimension: number): Promise<void> {
    await under.database.query(
      `insert into artifacts (id, user_id, url, embedding, engagement_level, max_reading_depth, signal_count, assignment_status,
                              captured_at, last_signal_at, created_at, updated_at)
       select gen_random_uuid(), $1::uuid, 'https://similar.example/' || $1::text || '/' || g,
              case when g % 10 = 0 then array_fill(1::real, array[$3::int])
                   else array(select (random() - 0.5)::real from generate_series(1, $3::int) where g > 0) end,
              'read', 0.5, 1, 'no_subspaces', now(), now(), now(), now()
         from generate_series(1, $2::int) g`,
      [user, count, dimension],
    );
  }

  /** The ranking as decision 0083 computed it: capture_dot over unnest, divided by the stored norms. */
  async function reference(target: string, limit: number): Promise<Ranked[]> {
    const { rows } = await sql<Ranked>`
      select o.id, greatest(-1, least(1, capture_dot(o.embedding, t.embedding) / (o.embedding_norm * t.embedding_norm))) as similarity
        from artifacts t join artifacts o on o.user_id = t.user_id and o.id <> t.id
       where t.id = ${target}
       order by similarity desc, o.id
       limit ${limit}`.execute(under.db);
    return rows;
  }

  async function similar(target: string, limit: number): Promise<Ranked[]> {
    const { rows } = await sql<{ artifact_id: string; similarity: number }>`select * from capture_similar(${target}, ${limit})`.execute(
      under.db,
    );
    return rows.map((row) => ({ id: row.artifact_id, similarity: row.similarity }));
  }

  for (const dimension of [3, 1536]) {
    describe(`with ${dimension}-dimension embeddings${dimension > 500 ? ' (stored out of line)' : ''}`, () => {
      before(async () => {
        await under.database.query('truncate signals, artifacts, subspaces');
        await ensureEmbeddingDimension(under.db, dimension);
        await seed(OWNER, 120, dimension);
        await seed(STRANGER, 20, dimension);
      });

      it("ranks the user's other artifacts exactly as the reference formula does, the same numbers up to rounding, ties by id", async () => {
        const targets = await under.database.query<{ id: string }>(`select id from artifacts where user_id = $1 order by id limit 3`, [
          OWNER,
        ]);
        const tie = await under.database.query<{ id: string }>(`select id from artifacts where user_id = $1 and embedding[1] = 1 limit 1`, [
          OWNER,
        ]);
        for (const { id } of [...targets, ...tie]) {
          const expected = await reference(id, 200);
          expect(expected).to.have.length(119);
          expectRanking(await similar(id, 200), expected);
          expectRanking(await similar(id, 7), expected.slice(0, 7));
        }
      });

      it('answers nothing for an unknown artifact', async () => {
        expect(await similar('40000000-0000-4000-8000-00000000dead', 10)).to.deep.equal([]);
      });
    });
  }
  /** The float32 next to x, away from zero (`up`) or towards it: a change of one unit in the last place. */
  function nudged(x: number, up: boolean): number {
    const bits = new Int32Array(new Float32Array([x]).buffer);
    bits[0] = (bits[0] ?? 0) + (up ? 1 : -1);
    return new Float32Array(bits.buffer)[0] ?? NaN;
  }

  for (const dimension of [130, 384, 1000]) {
    describe(`against cosine similarity computed in float64, ${dimension} dimensions (${Math.ceil(dimension / 96)} parts)`, () => {
      const random = seededRandom(dimension);
      const vector = (around?: readonly number[]): number[] =>
        Array.from({ length: dimension }, (_, i) => Math.fround((around?.[i] ?? 0) + (around ? 0.05 : 1) * (random() - 0.5)));
      const target = vector();
      const base = vector(target);
      const embeddings: number[][] = [
        target,
        // Exact ties: the same direction, so the same similarity to the last bit; ranked by id.
        base,
        [...base],
        [...base],
        base.map((x) => x * 2),
        base.map((x) => x / 2),
        // Near ties: one number one float32 step away, about 1e-10 apart in similarity.
        ...[3, 17, 64, 101].flatMap((i) => [true, false].map((up) => base.map((x, j) => (j === i % dimension ? nudged(x, up) : x)))),
        target.map((x) => -x),
        ...Array.from({ length: 80 }, () => vector()),
      ];
      // Ids in an order unrelated to the embeddings', so that ties do not come out by accident in insertion order.
      const ids = embeddings
        .map((_, i) => ({ i, key: random() }))
        .sort((a, b) => a.key - b.key)
        .map((_, n) => `41000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`);
      const targetId = ids[0] ?? '';

      before(async () => {
        await under.database.query('truncate signals, artifacts, subspaces');
        await ensureEmbeddingDimension(under.db, dimension);
        await under.database.query(
          `insert into artifacts (id, user_id, url, embedding, engagement_level, max_reading_depth, signal_count, assignment_status,
                                  captured_at, last_signal_at, created_at, updated_at)
           select a.id, a.user_id, 'https://cosine.example/' || a.id, a.embedding::real[], 'read', 0.5, 1, 'no_subspaces', now(), now(), now(), now()
             from unnest($1::uuid[], $2::uuid[], $3::text[]) a(id, user_id, embedding)`,
          [
            [...ids, '41000000-0000-4000-8000-ffffffffffff'],
            [...ids.map(() => OWNER), STRANGER],
            [...embeddings, target].map((e) => `{${e.join(',')}}`),
          ],
        );
      });

      it('ranks as the float64 reference does, near ties included, exact ties by id, the same numbers within 1e-12', async () => {
        const expected = embeddings
          .map((embedding, i) => ({ id: ids[i] ?? '', similarity: cosine(target, embedding) }))
          .slice(1)
          .sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1));
        // The data has what the test is about: exact ties, and near ties closer than 1e-8.
        const gaps = expected.slice(1).map((r, i) => (expected[i]?.similarity ?? NaN) - r.similarity);
        expect(gaps.filter((gap) => gap === 0)).to.have.length.of.at.least(4);
        expect(gaps.filter((gap) => gap > 0 && gap < 1e-8)).to.have.length.of.at.least(4);

        expectRanking(await similar(targetId, 500), expected);
        expectRanking(await similar(targetId, 10), expected.slice(0, 10));
      });

      if (dimension <= 384)
        it('keeps the parts in the row, where the search reads them without a TOAST fetch (only embeddings may be in TOAST)', async () => {
          const [toast] = await under.database.query<{ name: string }>(
            `select reltoastrelid::regclass::text as name from pg_class where oid = 'artifacts'::regclass`,
          );
          const [sizes] = await under.database.query<{ toasted: string; embeddings: string; parts: string }>(
            `select (select coalesce(sum(octet_length(chunk_data)), 0) from ${toast?.name ?? 'missing'}) as toasted,
                    sum(pg_column_size(embedding)) as embeddings, sum(pg_column_size(embedding_parts)) as parts
               from artifacts`,
          );
          expect(Number(sizes?.parts)).to.be.greaterThan(0);
          expect(Number(sizes?.toasted)).to.be.at.most(Number(sizes?.embeddings));
        });
    });
  }
});
