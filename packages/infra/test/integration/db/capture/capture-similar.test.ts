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

  /** The ranking as the function it replaced computed it: capture_dot over unnest, divided by the stored norms. */
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

      it("ranks the user's other artifacts exactly as the reference formula does, the same numbers, ties by id", async () => {
        const targets = await under.database.query<{ id: string }>(`select id from artifacts where user_id = $1 order by id limit 3`, [
          OWNER,
        ]);
        const tie = await under.database.query<{ id: string }>(`select id from artifacts where user_id = $1 and embedding[1] = 1 limit 1`, [
          OWNER,
        ]);
        for (const { id } of [...targets, ...tie]) {
          const expected = await reference(id, 200);
          expect(expected).to.have.length(119);
          expect(await similar(id, 200)).to.deep.equal(expected);
          expect(await similar(id, 7)).to.deep.equal(expected.slice(0, 7));
        }
      });

      it('answers nothing for an unknown artifact', async () => {
        expect(await similar('40000000-0000-4000-8000-00000000dead', 10)).to.deep.equal([]);
      });
    });
  }
});
