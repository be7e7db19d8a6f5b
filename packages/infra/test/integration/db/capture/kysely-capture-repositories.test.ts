import { expect } from 'chai';
import { sql } from 'kysely';

import { CONTRACT_EMBEDDING_DIMENSION, describeCaptureRepositoryContract } from '@proj/application/testing';
import { EmbeddingVector, InvalidCaptureFieldError, OwnerId } from '@proj/domain';

import { embeddingParameter } from '../../../../src/db/capture/embedding-parameter.js';
import {
  EmbeddingDimensionMismatchError,
  ensureEmbeddingDimension,
  KyselyArtifactRepository,
  KyselyAssignmentMarginService,
  KyselySubspaceRepository,
} from '../../../../src/index.js';
import { useMigratedDatabase } from '../../../support/postgres.js';

describe('capture repositories on PostgreSQL', () => {
  const under = useMigratedDatabase();

  describeCaptureRepositoryContract('Kysely adapters', async () => {
    await sql`truncate signals, artifacts, subspaces, users, idempotency_keys cascade`.execute(under.db);
    await ensureEmbeddingDimension(under.db, CONTRACT_EMBEDDING_DIMENSION);
    return {
      artifacts: new KyselyArtifactRepository(under.db),
      subspaces: new KyselySubspaceRepository(under.db),
      assignment: new KyselyAssignmentMarginService(under.db),
      addUser: async (id: string) => {
        await sql`insert into users (id, email, full_name) values (${id}, ${`${id}@example.com`}, 'Capture User')`.execute(under.db);
      },
    };
  });

  describe('ensureEmbeddingDimension', () => {
    it('changes the dimension while nothing is stored, and refuses once something is', async () => {
      await sql`truncate signals, artifacts, subspaces, users cascade`.execute(under.db);
      await ensureEmbeddingDimension(under.db, 8);
      await ensureEmbeddingDimension(under.db, 8);
      expect((await under.database.query<{ dimension: number }>('select dimension from capture_embedding_space'))[0]?.dimension).to.equal(
        8,
      );
      await under.database.query(
        `insert into users (id, email, full_name) values ('20000000-0000-4000-8000-000000000001', 'd@example.com', 'D')`,
      );
      await under.database.query(
        `insert into subspaces (id, user_id, name, centroid, created_at) values ('20000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000001', 'S', '{1,0,0,0,0,0,0,0}', now())`,
      );
      const refused = await ensureEmbeddingDimension(under.db, 4).catch((error: unknown) => error);
      expect(refused).to.be.instanceOf(EmbeddingDimensionMismatchError).with.property('stored', 8);
      await sql`truncate signals, artifacts, subspaces, users cascade`.execute(under.db);
      await ensureEmbeddingDimension(under.db, CONTRACT_EMBEDDING_DIMENSION);
    });
  });

  describe('the tables guard themselves', () => {
    it('refuse a reading depth out of range, a malformed embedding, and a subspace of another user', async () => {
      await under.database.query(
        `insert into users (id, email, full_name) values ('20000000-0000-4000-8000-000000000011', 'e@example.com', 'E'), ('20000000-0000-4000-8000-000000000012', 'f@example.com', 'F')`,
      );
      const insertArtifact = (embedding: string, subspace = 'null') =>
        under.database.query(
          `insert into artifacts (id, user_id, url, embedding, engagement_level, max_reading_depth, signal_count, subspace_id, assignment_status, captured_at, last_signal_at, created_at, updated_at)
           values (gen_random_uuid(), '20000000-0000-4000-8000-000000000011', 'https://x/' || gen_random_uuid(), '${embedding}', 'read', 0.5, 1, ${subspace}, 'ambiguous', now(), now(), now(), now())`,
        );
      await expect(insertArtifact('{0,0,0,0}')).to.be.rejectedWith(/artifacts_embedding_check/);
      await expect(insertArtifact('{1,NaN,0,0}')).to.be.rejectedWith(/artifacts_embedding_check/);
      await expect(insertArtifact('{{1,2},{3,4}}')).to.be.rejectedWith(/artifacts_embedding_check/);
      await expect(insertArtifact('{1,NULL,0,0}')).to.be.rejectedWith(/artifacts_embedding_check/);
      await expect(insertArtifact('{}')).to.be.rejectedWith(/artifacts_embedding_check/);
      await under.database.query(
        `insert into subspaces (id, user_id, name, centroid, created_at) values ('20000000-0000-4000-8000-000000000013', '20000000-0000-4000-8000-000000000012', 'F''s', '{1,0,0,0}', now())`,
      );
      await expect(insertArtifact('{1,0,0,0}', `'20000000-0000-4000-8000-000000000013'`)).to.be.rejectedWith(/artifacts_subspace_fkey/);
      await insertArtifact('{1,0,0,0}');
      await expect(
        under.database.query(
          `insert into signals (id, artifact_id, reading_depth, occurred_at, level_after, recorded_at) select gen_random_uuid(), id, 1.6, now(), 'read', now() from artifacts limit 1`,
        ),
      ).to.be.rejectedWith(/signals_reading_depth_check/);
    });
  });

  describe('embeddingParameter', () => {
    /** A deterministic stream of doubles in [-0.5, 0.5) with every bit of their mantissa used. */
    const doubles = (seed: number, length: number): number[] => {
      let state = seed;
      return Array.from({ length }, () => {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        const high = state;
        state = (state * 1103515245 + 12345) % 2 ** 31;
        return (high * 2 ** 22 + (state % 2 ** 22)) / 2 ** 53 - 0.5;
      });
    };

    it('makes the real[] that the text of its numbers makes, to the bit, binary or not', async () => {
      const halfway = 1 + 2 ** -24;
      const vectors = [
        ...[1, 2, 3].map((seed) => doubles(seed, 384)),
        doubles(4, 384).map((value) => Math.fround(value)), // already 32-bit floats
        doubles(5, 384).map((value) => value * 1e-38), // 32-bit subnormals among them
        [-0, 0, 1, -1, 3.4028234663852886e38, -3.4028234663852886e38, 1.401298464324817e-45, 2 ** -126],
        [halfway - 2 ** -52, halfway + 2 ** -52, 0.1, 0.2, 0.3],
        [halfway, 0.5], // halfway: sent as text
      ];
      for (const [index, values] of vectors.entries()) {
        const parameter = embeddingParameter(values);
        const { rows } = await sql<{ sent: string; text: string; norm: number; textNorm: number }>`
          select ${parameter}::real[]::text as sent, ${`{${values.join(',')}}`}::real[]::text as text,
                 capture_norm(${parameter}) as norm, capture_norm(${`{${values.join(',')}}`}) as "textNorm"`.execute(under.db);
        const [row] = rows;
        expect(typeof parameter === 'string', `vector ${index} as text`).to.equal(index === vectors.length - 1);
        expect(row?.sent, `vector ${index}`).to.equal(row?.text);
        expect(row?.norm, `vector ${index}, as a function's argument`).to.equal(row?.textNorm);
      }
    });
  });

  describe('KyselyAssignmentMarginService', () => {
    it('refuses a number a 32-bit float cannot hold as invalid input on embedding, not as a failure', async () => {
      const values = new Array<number>(CONTRACT_EMBEDDING_DIMENSION).fill(0);
      values[0] = 1e300;
      const refused = await new KyselyAssignmentMarginService(under.db)
        .assign({
          userId: OwnerId.of('20000000-0000-4000-8000-000000000021'),
          embedding: EmbeddingVector.of(values, CONTRACT_EMBEDDING_DIMENSION),
          thresholds: { minMargin: 0.05, minSimilarity: 0 },
        })
        .catch((error: unknown) => error);
      expect(refused)
        .to.be.instanceOf(InvalidCaptureFieldError)
        .with.property('issues')
        .that.deep.equals([{ path: 'embedding', message: 'must contain numbers a 32-bit float can hold' }]);
    });
  });
});
