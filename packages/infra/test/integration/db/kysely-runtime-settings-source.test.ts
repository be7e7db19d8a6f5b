import { expect } from 'chai';

import { RuntimeSettingsCache } from '@proj/application';
import { FixedClock, RecordingLogger } from '@proj/application/testing';

import { createDatabase, KyselyRuntimeSettingsSource } from '../../../src/index.js';
import type { TestDatabase } from '../../../src/testing/index.js';
import { sharedPostgres } from '../../support/postgres.js';

describe('KyselyRuntimeSettingsSource behind RuntimeSettingsCache', () => {
  let database: TestDatabase;

  before(async () => {
    database = await (await sharedPostgres()).createDatabase();
  });

  after(async () => {
    await database.drop();
  });

  it('reads the table, serves the last good value once the database is gone, and the default when it never answered', async () => {
    const logger = new RecordingLogger();
    const db = createDatabase({ url: database.url, poolMax: 2, statementTimeoutMs: 5_000, connectTimeoutMs: 2_000, logger });
    const clock = new FixedClock();
    const settings = new RuntimeSettingsCache({ source: new KyselyRuntimeSettingsSource(db), clock, logger, ttlMs: 30_000 });

    expect((await settings.refresh()).rateLimitPerMinute, 'empty table').to.equal(undefined);
    await database.query(`insert into runtime_settings (key, value) values ('rate_limit_per_minute', '42'::jsonb)`);
    clock.advance(30_000);
    expect((await settings.refresh()).rateLimitPerMinute).to.equal(42);

    await db.destroy(); // the source now fails on every load
    clock.advance(30_000);
    expect((await settings.refresh()).rateLimitPerMinute).to.equal(42);
    expect(settings.current().rateLimitPerMinute).to.equal(42);
    expect(logger.entries.map((e) => e.message)).to.include('runtime settings unreadable; keeping the last good values');

    const unreachable = createDatabase({
      url: 'postgres://postgres@127.0.0.1:1/none',
      poolMax: 1,
      statementTimeoutMs: 1_000,
      connectTimeoutMs: 500,
      logger,
    });
    try {
      const never = new RuntimeSettingsCache({ source: new KyselyRuntimeSettingsSource(unreachable), clock, logger, ttlMs: 30_000 });
      expect(await never.refresh()).to.deep.equal({ rateLimitPerMinute: undefined });
    } finally {
      await unreachable.destroy();
    }
  });

  it('refuses a key that is not a lower-case identifier (the table guards itself)', async () => {
    await expect(database.query(`insert into runtime_settings (key, value) values ('Bad Key', '1'::jsonb)`)).to.be.rejectedWith(
      /runtime_settings_key_check/,
    );
  });
});
