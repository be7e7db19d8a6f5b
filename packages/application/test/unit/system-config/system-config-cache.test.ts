import { expect } from 'chai';

import { numberKey, SystemConfigCache, SystemConfigKeys, type SystemConfigSource } from '../../../src/index.js';
import { FixedClock, RecordingLogger } from '../../../src/testing/index.js';

const TTL_MS = 30_000;
const RATE = SystemConfigKeys.rateLimitPerMinute;
const MARGIN = SystemConfigKeys.assignmentMinMargin;

/** A source whose answer the test sets: a map of values, or an error to throw. */
class ScriptedSource implements SystemConfigSource {
  answer: Map<string, unknown> | Error = new Map();
  loads = 0;
  async load(): Promise<ReadonlyMap<string, unknown>> {
    this.loads += 1;
    if (this.answer instanceof Error) throw this.answer;
    return new Map(this.answer);
  }
}

describe('SystemConfigCache', () => {
  let clock: FixedClock;
  let source: ScriptedSource;
  let logger: RecordingLogger;
  let config: SystemConfigCache;

  beforeEach(() => {
    clock = new FixedClock();
    source = new ScriptedSource();
    logger = new RecordingLogger();
    config = new SystemConfigCache({ source, clock, logger, ttlMs: TTL_MS });
  });

  it('serves the defaults before the first load, without waiting', () => {
    source.answer = new Map([[RATE.name, 5]]);
    expect(config.get(RATE, 77)).to.equal(77);
    expect(config.get(MARGIN)).to.equal(0.05);
  });

  it('serves the loaded value, and loads again only after the TTL', async () => {
    source.answer = new Map([[RATE.name, 5]]);
    await config.refresh();
    expect(config.get(RATE, 77)).to.equal(5);
    source.answer = new Map([[RATE.name, 7]]);
    expect(config.get(RATE, 77)).to.equal(5);
    expect(source.loads).to.equal(1);
    clock.advance(TTL_MS);
    expect(config.get(RATE, 77), 'stale value while reloading').to.equal(5);
    await config.refresh();
    expect(config.get(RATE, 77)).to.equal(7);
  });

  it('accepts a numeric string and 0', async () => {
    source.answer = new Map<string, unknown>([
      [RATE.name, ' 0 '],
      [MARGIN.name, '0.2'],
    ]);
    await config.refresh();
    expect(config.get(RATE, 77)).to.equal(0);
    expect(config.get(MARGIN)).to.equal(0.2);
  });

  it('keeps the last good values when the source fails, logging the outage once', async () => {
    source.answer = new Map([[RATE.name, 5]]);
    await config.refresh();
    source.answer = new Error('database down');
    for (let i = 0; i < 3; i += 1) {
      clock.advance(TTL_MS);
      await config.refresh();
      expect(config.get(RATE, 77)).to.equal(5);
    }
    expect(logger.entries.filter((e) => e.level === 'warn')).to.have.length(1);
    source.answer = new Map();
    await config.refresh();
    expect(config.get(RATE, 77), 'an unset value is honoured once readable again').to.equal(77);
    expect(logger.entries.map((e) => e.message)).to.include('system config readable again');
  });

  it('serves the defaults when the source has never answered, without an error', async () => {
    source.answer = new Error('database down');
    await config.refresh();
    expect(config.get(RATE, 77)).to.equal(77);
    expect(config.get(MARGIN)).to.equal(0.05);
    expect(config.get(SystemConfigKeys.assignmentMinSimilarity)).to.equal(0);
  });

  it('retries a failing source sooner than the TTL, but not on every call', async () => {
    source.answer = new Error('database down');
    await config.refresh();
    config.get(RATE);
    config.get(RATE);
    expect(source.loads).to.equal(1);
    clock.advance(5_000);
    config.get(RATE);
    expect(source.loads).to.equal(2);
  });

  it('ignores an invalid value, says so once per load, and serves the default', async () => {
    for (const bad of [-1, 1.5, 'lots', true, 2_000_000, Number.NaN]) {
      source.answer = new Map([[RATE.name, bad]]);
      await config.refresh();
      expect(config.get(RATE, 77), String(bad)).to.equal(77);
      expect(config.get(RATE, 77), String(bad)).to.equal(77);
    }
    expect(logger.entries.filter((e) => e.message === 'system config value ignored: not a whole number from 0 to 1000000')).to.have.length(
      6,
    );
    source.answer = new Map([[MARGIN.name, 3]]);
    await config.refresh();
    expect(config.get(MARGIN)).to.equal(0.05);
    expect(logger.entries.at(-1)).to.deep.include({
      message: 'system config value ignored: not a number from 0 to 2',
      fields: { setting: MARGIN.name },
    });
  });

  it('treats a stored null as not set', async () => {
    source.answer = new Map([[MARGIN.name, null]]);
    await config.refresh();
    expect(config.get(MARGIN)).to.equal(0.05);
    expect(logger.entries).to.have.length(0);
  });

  it('never throws, even when a key rule does', async () => {
    const broken = {
      ...numberKey('broken', { defaultValue: 1, min: 0, max: 2 }),
      parse: (): number => {
        throw new Error('bug');
      },
    };
    source.answer = new Map([['broken', 1]]);
    await config.refresh();
    expect(config.get(broken)).to.equal(1);
  });

  it('shares one load between concurrent refreshes', async () => {
    await Promise.all([config.refresh(), config.refresh(), config.refresh()]);
    expect(source.loads).to.equal(1);
  });
});
