import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'chai';
import { sql } from 'kysely';
import pg from 'pg';

import { RecordingLogger } from '@proj/application/testing';

import { createDatabase } from '../../../src/index.js';
import { useDatabase } from '../../support/postgres.js';

// A database restart ends the pool's idle connections: the pool must log it, not crash the process.
describe('createDatabase when an idle connection is lost', () => {
  const under = useDatabase();

  it('logs a warning and answers the next query on a new connection', async () => {
    const logger = new RecordingLogger();
    const db = createDatabase({ url: under.database.url, poolMax: 1, statementTimeoutMs: 5_000, connectTimeoutMs: 2_000, logger });
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
      const pid = rows[0]?.pid;
      const admin = new pg.Client({ connectionString: under.database.url });
      await admin.connect();
      try {
        await admin.query('select pg_terminate_backend($1)', [pid]);
      } finally {
        await admin.end();
      }
      // The server ends the connection; the pool hears of it when the socket closes.
      const lost = () => logger.entries.some((entry) => entry.message === 'idle database connection lost');
      for (let attempt = 0; attempt < 250 && !lost(); attempt++) await sleep(20);
      expect(logger.entries.find((entry) => entry.message === 'idle database connection lost')?.level).to.equal('warn');
      const again = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(again.rows).to.deep.equal([{ one: 1 }]);
    } finally {
      await db.destroy();
    }
  });
});
