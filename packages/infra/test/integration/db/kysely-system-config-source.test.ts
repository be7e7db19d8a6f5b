import { expect } from 'chai';

import { SystemConfigCache, SystemConfigKeys } from '@proj/application';
import { FixedClock, RecordingLogger } from '@proj/application/testing';

import { createDatabase, KyselySystemConfigSource } from '../../../src/index.js';
import { useDatabase } from '../../support/postgres.js';

const RATE = SystemConfigKeys.rateLimitPerMinute;
const MARGIN = SystemConfigKeys.assignmentMinMargin;
const TTL_MS = 30_000;

describe('KyselySystemConfigSource behind SystemConfigCache', () => {
  const under = useDatabase();

  const connect = (logger: RecordingLogger) =>
    createDatabase({ url: under.database.url, poolMax: 2, statementTimeoutMs: 5_000, connectTimeoutMs: 2_000, logger });

  it('reads the table, serves the last good value once the database is gone, and the default when it never answered', async () => {
    const logger = new RecordingLogger();
    const db = connect(logger);
    const clock = new FixedClock();
    const config = new SystemConfigCache({ source: new KyselySystemConfigSource(db), clock, logger, ttlMs: TTL_MS });

    await config.refresh();
    expect(config.get(RATE, 600), 'empty table').to.equal(600);
    await under.database.query(`insert into system_config (key, value) values ('rate_limit_per_minute', '42'::jsonb)`);
    clock.advance(TTL_MS);
    await config.refresh();
    expect(config.get(RATE, 600)).to.equal(42);

    await db.destroy(); // the source now fails on every load
    clock.advance(TTL_MS);
    await config.refresh();
    expect(config.get(RATE, 600)).to.equal(42);
    expect(logger.entries.map((e) => e.message)).to.include('system config unreadable; keeping the last good values');

    const unreachable = createDatabase({
      url: 'postgres://postgres@127.0.0.1:1/none',
      poolMax: 1,
      statementTimeoutMs: 1_000,
      connectTimeoutMs: 500,
      logger,
    });
    try {
      const never = new SystemConfigCache({ source: new KyselySystemConfigSource(unreachable), clock, logger, ttlMs: TTL_MS });
      await never.refresh();
      expect(never.get(RATE, 600)).to.equal(600);
      expect(never.get(MARGIN), 'config source down: the default, no error').to.equal(0.05);
    } finally {
      await unreachable.destroy();
      await under.database.query(`delete from system_config`);
    }
  });

  it('a threshold changed in the database takes effect within the TTL on two instances', async () => {
    const logger = new RecordingLogger();
    const [dbA, dbB] = [connect(logger), connect(logger)];
    const clock = new FixedClock();
    const instances = [dbA, dbB].map(
      (db) => new SystemConfigCache({ source: new KyselySystemConfigSource(db), clock, logger, ttlMs: TTL_MS }),
    );
    try {
      await Promise.all(instances.map((config) => config.refresh()));
      expect(instances.map((config) => config.get(MARGIN))).to.deep.equal([0.05, 0.05]);

      await under.database.query(`insert into system_config (key, value) values ('capture.assignment_min_margin', '0.2'::jsonb)`);
      clock.advance(TTL_MS - 1);
      instances.forEach((config) => config.get(MARGIN));
      expect(
        instances.map((config) => config.get(MARGIN)),
        'within the TTL: the cached value',
      ).to.deep.equal([0.05, 0.05]);

      clock.advance(1);
      instances.forEach((config) => config.get(MARGIN)); // stale: each starts its reload
      await Promise.all(instances.map((config) => config.refresh()));
      expect(
        instances.map((config) => config.get(MARGIN)),
        'once the TTL ran out, on both',
      ).to.deep.equal([0.2, 0.2]);
    } finally {
      await Promise.all([dbA.destroy(), dbB.destroy()]);
      await under.database.query(`delete from system_config`);
    }
  });

  it('refuses a key that is not a (dotted) lower-case identifier (the table guards itself)', async () => {
    await expect(under.database.query(`insert into system_config (key, value) values ('Bad Key', '1'::jsonb)`)).to.be.rejectedWith(
      /system_config_key_check/,
    );
    await expect(under.database.query(`insert into system_config (key, value) values ('capture..x', '1'::jsonb)`)).to.be.rejectedWith(
      /system_config_key_check/,
    );
  });
});
