import { randomBytes } from 'node:crypto';

import { startTestPostgres, type TestDatabase } from '@proj/infra/testing';

import { RespConnection } from './resp.js';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const SEEDED_USERS = 10_000;
/** Artifacts of the one user whose artifacts the capture reads use (similar search ranks all of them). */
export const SEEDED_ARTIFACTS = 10_000;
/** The dimension of the service's embeddings in the bench (its default). */
export const EMBEDDING_DIMENSION = 384;
const SEEDED_SUBSPACES = 8;

/** A database of the bench's own, migrated and seeded; `release` drops it (and stops an embedded server). */
export interface BenchDatabase {
  readonly database: TestDatabase;
  /** `given` (the PostgreSQL at the URL) or `embedded`. */
  readonly server: 'given' | 'embedded';
  release(): Promise<void>;
}

/** Whether a Redis answers PING at `url` within two seconds. */
export async function redisAnswers(url: string): Promise<boolean> {
  try {
    const redis = await RespConnection.open(url);
    try {
      return (await redis.command('PING')) === 'PONG';
    } finally {
      redis.close();
    }
  } catch {
    return false;
  }
}

/**
 * Creates a fresh database at `adminUrl` (or on an embedded PostgreSQL when it is undefined),
 * migrated by the service's own migrations, with {@link SEEDED_USERS} users.
 */
export async function createBenchDatabase(adminUrl: string | undefined): Promise<BenchDatabase> {
  const postgres = await startTestPostgres(adminUrl === undefined ? {} : { PROJ_TEST_DATABASE_URL: adminUrl });
  let database: TestDatabase;
  try {
    database = await postgres.createDatabase();
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  const release = async (): Promise<void> => {
    try {
      await database.drop();
    } finally {
      await postgres.stop();
    }
  };
  try {
    // Creation times one millisecond apart (the schema keeps millisecond precision), in the past.
    await database.query(
      `insert into users (id, email, full_name, is_active, created_at, updated_at, version)
       select gen_random_uuid(), 'seeded-' || g || '@example.com', 'Seeded User ' || g, g % 10 <> 0,
              date_trunc('milliseconds', now()) - ($1::int + 1 - g) * interval '1 millisecond',
              date_trunc('milliseconds', now()) - ($1::int + 1 - g) * interval '1 millisecond', 1
       from generate_series(1, $1::int) as g`,
      [SEEDED_USERS],
    );
    await database.query('analyze users');
  } catch (error) {
    await release();
    throw error;
  }
  return { database, server: adminUrl === undefined ? 'embedded' : 'given', release };
}

export async function seededUserIds(database: TestDatabase): Promise<string[]> {
  const rows = await database.query<{ id: string }>('select id from users order by created_at, id');
  return rows.map((row) => row.id);
}

/**
 * Capture data: {@link SEEDED_ARTIFACTS} artifacts of `readerId` with random embeddings (one signal
 * each), and {@link SEEDED_SUBSPACES} subspaces for it and for `capturingId`, whose captures the
 * bench adds. Returns the ids of the artifacts.
 */
export async function seedCapture(database: TestDatabase, readerId: string, capturingId: string): Promise<string[]> {
  const randomVector = `array(select (random() - 0.5)::real from generate_series(1, ${EMBEDDING_DIMENSION}) where g > 0)`;
  await database.query(
    `insert into subspaces (id, user_id, name, centroid, created_at)
     select gen_random_uuid(), u, 'Bench subspace ' || g, ${randomVector}, now()
       from unnest(array[$1::uuid, $2::uuid]) as u, generate_series(1, $3::int) as g`,
    [readerId, capturingId, SEEDED_SUBSPACES],
  );
  await database.query(
    `insert into artifacts (id, user_id, url, title, embedding, engagement_level, max_reading_depth, signal_count,
                            assignment_status, captured_at, last_signal_at, created_at, updated_at)
     select gen_random_uuid(), $1::uuid, 'https://bench.example/seeded/' || g, 'Seeded artifact ' || g, ${randomVector},
            'read', 0.6, 1, 'ambiguous', t, t, t, t
       from generate_series(1, $2::int) as g,
            lateral (select date_trunc('milliseconds', now()) - ($2::int + 1 - g) * interval '1 millisecond' as t) as at(t)`,
    [readerId, SEEDED_ARTIFACTS],
  );
  await database.query(
    `insert into signals (id, artifact_id, reading_depth, occurred_at, level_after, recorded_at)
     select gen_random_uuid(), id, 0.6, created_at, 'read', created_at from artifacts where user_id = $1::uuid`,
    [readerId],
  );
  await database.query('analyze subspaces, artifacts, signals');
  const rows = await database.query<{ id: string }>('select id from artifacts where user_id = $1::uuid order by created_at, id', [
    readerId,
  ]);
  return rows.map((row) => row.id);
}

/** A secret of `bytes` random bytes, as URL-safe text. */
export function randomSecret(bytes = 36): string {
  return randomBytes(bytes).toString('base64url');
}
