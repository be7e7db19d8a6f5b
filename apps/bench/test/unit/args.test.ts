import { expect } from 'chai';

import { parseBenchArgs, parseVariant } from '../../src/args.js';

describe('parseBenchArgs', () => {
  it('defaults to three rounds of 4 s after 2 s of warm-up, 32 connections, both worker counts', () => {
    expect(parseBenchArgs([])).to.deep.include({
      durationSeconds: 4,
      warmupSeconds: 2,
      rounds: 3,
      connections: 32,
      allWorkers: true,
      floor: true,
      profile: false,
      scenarios: undefined,
    });
  });

  it('makes --quick one short round that is still warmed up as long as a full run, and lets an explicit --duration win over it', () => {
    expect(parseBenchArgs(['--quick'])).to.deep.include({ durationSeconds: 2, warmupSeconds: 2, rounds: 1 });
    expect(parseBenchArgs(['--quick', '--duration', '10'])).to.deep.include({ durationSeconds: 10, rounds: 1 });
  });

  it('measures the Express floor unless --no-floor, independently of --no-all-workers', () => {
    expect(parseBenchArgs(['--no-floor'])).to.deep.include({ floor: false, allWorkers: true });
    expect(parseBenchArgs(['--no-all-workers'])).to.deep.include({ floor: true, allWorkers: false });
    expect(parseBenchArgs(['--quick', '--no-floor', '--no-all-workers'])).to.deep.include({ floor: false, allWorkers: false, rounds: 1 });
  });

  it('measures the traced service only with --tracing', () => {
    expect(parseBenchArgs([]).tracing).to.equal(false);
    expect(parseBenchArgs(['--tracing', '--scenario', 'post'])).to.deep.include({ tracing: true, scenarios: ['post'] });
  });

  it('refuses durations that are not whole numbers in range', () => {
    for (const bad of ['0', '-1', '2.5', 'ten', '601']) expect(() => parseBenchArgs(['--duration', bad]), bad).to.throw(/--duration/);
  });

  it('sends traffic to the loopback only', () => {
    expect(parseBenchArgs(['--database-url', 'postgres://postgres@127.0.0.1:5432/postgres']).databaseUrl).to.equal(
      'postgres://postgres@127.0.0.1:5432/postgres',
    );
    expect(() => parseBenchArgs(['--database-url', 'postgres://db.example.com/app'])).to.throw(/loopback/);
    expect(() => parseBenchArgs(['--redis-url', 'redis://10.0.0.5:6379'])).to.throw(/loopback/);
  });

  it('refuses unknown options', () => {
    expect(() => parseBenchArgs(['--fast'])).to.throw();
  });
});

describe('parseVariant', () => {
  it('reads a name and the settings it changes', () => {
    expect(parseVariant('no-prepared:PROJ_DATABASE_PREPARED_STATEMENTS=false,PROJ_LOG_LEVEL=warn')).to.deep.equal({
      name: 'no-prepared',
      env: { PROJ_DATABASE_PREPARED_STATEMENTS: 'false', PROJ_LOG_LEVEL: 'warn' },
    });
  });

  it('refuses anything else', () => {
    for (const bad of ['no-prepared', 'x:lower=1', ':PROJ_A=1', 'x:PROJ_A']) expect(() => parseVariant(bad), bad).to.throw(/--variant/);
  });
});
