import { expect } from 'chai';

import { RuntimeSettingsCache, type RuntimeSettingsSource } from '../../../src/index.js';
import { FixedClock, RecordingLogger } from '../../../src/testing/index.js';

const TTL_MS = 30_000;

/** A source whose answer the test sets: a map of values, or an error to throw. */
class ScriptedSource implements RuntimeSettingsSource {
  answer: Map<string, unknown> | Error = new Map();
  loads = 0;
  async load(): Promise<ReadonlyMap<string, unknown>> {
    this.loads += 1;
    if (this.answer instanceof Error) throw this.answer;
    return new Map(this.answer);
  }
}

describe('RuntimeSettingsCache', () => {
  let clock: FixedClock;
  let source: ScriptedSource;
  let logger: RecordingLogger;
  let settings: RuntimeSettingsCache;

  beforeEach(() => {
    clock = new FixedClock();
    source = new ScriptedSource();
    logger = new RecordingLogger();
    settings = new RuntimeSettingsCache({ source, clock, logger, ttlMs: TTL_MS });
  });

  it('serves nothing-set before the first load, without waiting', () => {
    source.answer = new Map([['rate_limit_per_minute', 5]]);
    expect(settings.current()).to.deep.equal({ rateLimitPerMinute: undefined });
  });

  it('serves the loaded value, and loads again only after the TTL', async () => {
    source.answer = new Map([['rate_limit_per_minute', 5]]);
    expect(await settings.refresh()).to.deep.equal({ rateLimitPerMinute: 5 });
    source.answer = new Map([['rate_limit_per_minute', 7]]);
    expect(settings.current().rateLimitPerMinute).to.equal(5);
    expect(source.loads).to.equal(1);
    clock.advance(TTL_MS);
    expect(settings.current().rateLimitPerMinute, 'stale value while reloading').to.equal(5);
    await settings.refresh();
    expect(settings.current().rateLimitPerMinute).to.equal(7);
  });

  it('accepts a numeric string and 0', async () => {
    source.answer = new Map([['rate_limit_per_minute', ' 0 ']]);
    expect((await settings.refresh()).rateLimitPerMinute).to.equal(0);
  });

  it('keeps the last good value when the source fails, logging the outage once', async () => {
    source.answer = new Map([['rate_limit_per_minute', 5]]);
    await settings.refresh();
    source.answer = new Error('database down');
    for (let i = 0; i < 3; i += 1) {
      clock.advance(TTL_MS);
      expect((await settings.refresh()).rateLimitPerMinute).to.equal(5);
    }
    expect(logger.entries.filter((e) => e.level === 'warn')).to.have.length(1);
    source.answer = new Map();
    expect((await settings.refresh()).rateLimitPerMinute, 'an unset value is honoured once readable again').to.equal(undefined);
    expect(logger.entries.map((e) => e.message)).to.include('runtime settings readable again');
  });

  it('serves the default when the source has never answered', async () => {
    source.answer = new Error('database down');
    expect(await settings.refresh()).to.deep.equal({ rateLimitPerMinute: undefined });
  });

  it('retries a failing source sooner than the TTL, but not on every call', async () => {
    source.answer = new Error('database down');
    await settings.refresh();
    settings.current();
    settings.current();
    expect(source.loads).to.equal(1);
    clock.advance(5_000);
    settings.current();
    expect(source.loads).to.equal(2);
  });

  it('ignores an invalid value and says so', async () => {
    for (const bad of [-1, 1.5, 'lots', true, 2_000_000]) {
      source.answer = new Map([['rate_limit_per_minute', bad]]);
      expect((await settings.refresh()).rateLimitPerMinute, String(bad)).to.equal(undefined);
    }
    expect(logger.entries.filter((e) => e.message.startsWith('runtime setting ignored'))).to.have.length(5);
  });

  it('shares one load between concurrent refreshes', async () => {
    await Promise.all([settings.refresh(), settings.refresh(), settings.refresh()]);
    expect(source.loads).to.equal(1);
  });
});
