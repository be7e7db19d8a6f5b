// `pnpm --filter @proj/bench probe:statements`: what named prepared statements save at the database,
// without HTTP in the way. On the bench's own seeded database, 32 concurrent callers run the
// service's GET-by-id statement and its PATCH transaction (begin; select ... for update; update;
// commit) through one pg pool of 10, alternating unnamed and named statements, 4 rounds each.
import pg from 'pg';

import { postgresAnswers } from '@proj/infra/testing';

import { createBenchDatabase, DEFAULT_DATABASE_URL, seededUserIds } from './environment.js';
import { median } from './stats.js';

const SELECT = 'select "id", "email", "full_name", "is_active", "created_at", "updated_at", "version" from "users" where "id" = $1';
const UPDATE = 'update "users" set "full_name" = $1, "updated_at" = $2, "version" = $3 where "id" = $4 and "version" = $5';
const ROUNDS = 4;
const SECONDS = 3;

const bench = await createBenchDatabase((await postgresAnswers(DEFAULT_DATABASE_URL)) ? DEFAULT_DATABASE_URL : undefined);
const pool = new pg.Pool({ connectionString: bench.database.url, max: 10 });
try {
  const ids = await seededUserIds(bench.database);
  const pick = (): string => ids[Math.floor(Math.random() * ids.length)] ?? '';
  const statement = (named: boolean, text: string, values: unknown[]): pg.QueryConfig =>
    named ? { name: `probe_${text.length}`, text, values } : { text, values };
  const operations = {
    'GET by id': async (named: boolean) => {
      await pool.query(statement(named, SELECT, [pick()]));
    },
    'PATCH transaction': async (named: boolean) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const { rows } = await client.query<{ id: string; version: number }>(statement(named, `${SELECT} for update`, [pick()]));
        const row = rows[0];
        if (row) await client.query(statement(named, UPDATE, [`Probe ${Math.random()}`, new Date(), row.version + 1, row.id, row.version]));
        await client.query('commit');
      } finally {
        client.release();
      }
    },
  };
  for (const [name, operation] of Object.entries(operations)) {
    const rates: Record<'unnamed' | 'named', number[]> = { unnamed: [], named: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const named of round % 2 === 0 ? [false, true] : [true, false]) {
        const end = performance.now() + SECONDS * 1000;
        let done = 0;
        await Promise.all(
          Array.from({ length: 32 }, async () => {
            while (performance.now() < end) {
              await operation(named);
              done += 1;
            }
          }),
        );
        rates[named ? 'named' : 'unnamed'].push(done / SECONDS);
      }
    }
    const unnamed = median(rates.unnamed);
    const named = median(rates.named);
    process.stdout.write(
      `${name}: unnamed ${unnamed.toFixed(0)}/s, named ${named.toFixed(0)}/s (${(named / unnamed).toFixed(2)}×); rounds ${JSON.stringify(rates, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v) : v))}\n`,
    );
  }
} finally {
  await pool.end();
  await bench.release();
}
