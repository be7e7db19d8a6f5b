import { expect } from 'chai';

import { loadSettings } from '../../../src/index.js';
import { SettingsError } from '../../../src/settings/settings-error.js';
import { checkSettingsRules, SETTINGS_RULES } from '../../../src/settings/settings-rules.js';
import { SETTING_NAMES } from '../../../src/settings/settings.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('SETTINGS_RULES', () => {
  it('names only variables the service reads', () => {
    for (const { variable, reads } of SETTINGS_RULES) {
      expect(SETTING_NAMES).to.include(variable);
      expect(SETTING_NAMES).to.include.members([...reads]);
    }
  });

  it('skips a rule whose input did not parse, leaving that variable to its own problem', () => {
    const problems = problemsOf({ PROJ_ENV: 'production', PROJ_CURSOR_SECRET: 'short', PROJ_DATABASE_URL: 'mysql://db' });
    expect(problems.filter((p) => p.startsWith('PROJ_CURSOR_SECRET:'))).to.deep.equal([
      'PROJ_CURSOR_SECRET: must be at least 32 characters',
    ]);
    expect(problems.filter((p) => p.startsWith('PROJ_DATABASE_URL:'))).to.deep.equal([
      'PROJ_DATABASE_URL: must be a postgres:// or postgresql:// URL',
    ]);
    expect(problems.map((p) => p.split(':')[0])).to.include.members(['PROJ_AUTH_JWT_SECRET', 'PROJ_REDIS_URL']);
  });

  it('runs on parsed values (a worker count as a number) and by purpose', () => {
    expect(checkSettingsRules({ PROJ_ENV: 'development', PROJ_WORKERS: 1 }, new Set(), 'serve')).to.deep.equal([]);
    expect(checkSettingsRules({ PROJ_ENV: 'development', PROJ_WORKERS: 2 }, new Set(), 'database-commands')).to.deep.equal([]);
    expect(checkSettingsRules({ PROJ_ENV: 'development', PROJ_WORKERS: 2 }, new Set(), 'serve')).to.have.length(1);
  });

  it('refuses an http:// JWKS and a JWKS without an audience in production, and accepts both in test', () => {
    const jwks = { PROJ_ENV: 'production' as const, PROJ_AUTH_JWKS_URL: 'http://id.example.com/jwks' };
    expect(checkSettingsRules(jwks, new Set(), 'database-commands').map((p) => p.split(':')[0])).to.deep.equal([
      'PROJ_DATABASE_URL',
      'PROJ_AUTH_JWKS_URL',
      'PROJ_AUTH_AUDIENCE',
    ]);
    expect(checkSettingsRules({ ...jwks, PROJ_ENV: 'test' }, new Set(), 'database-commands').map((p) => p.split(':')[0])).to.deep.equal([
      'PROJ_DATABASE_URL',
    ]);
  });

  it('refuses a concurrency per caller that would let one caller hold the whole pool', () => {
    expect(problemsOf({ PROJ_ENV: 'development', PROJ_CONCURRENCY_PER_CALLER: '10' })).to.deep.equal([
      'PROJ_CONCURRENCY_PER_CALLER: must be below PROJ_DATABASE_POOL_MAX (10), so that one caller cannot hold every database connection (0 turns the bound off)',
    ]);
    expect(problemsOf({ PROJ_ENV: 'development', PROJ_CONCURRENCY_PER_CALLER: '9' })).to.deep.equal([]);
    expect(problemsOf({ PROJ_ENV: 'development', PROJ_CONCURRENCY_PER_CALLER: '0' })).to.deep.equal([]);
    expect(loadSettings({ PROJ_DATABASE_POOL_MAX: '1' }).rateLimit.concurrentPerCaller).to.equal(1);
  });

  it('requires tokens to name this service as their audience in staging and production unless another is set', () => {
    const production = {
      PROJ_ENV: 'production',
      PROJ_DATABASE_URL: 'postgres://db/proj',
      PROJ_REDIS_URL: 'redis://cache',
      PROJ_CURSOR_SECRET: 'c'.repeat(32),
      PROJ_AUTH_JWT_SECRET: 's'.repeat(32),
    };
    expect(loadSettings(production).auth.audience).to.equal('proj');
    expect(loadSettings({ ...production, PROJ_AUTH_AUDIENCE: 'accounts' }).auth.audience).to.equal('accounts');
    expect(loadSettings({ PROJ_ENV: 'test', PROJ_DATABASE_URL: 'postgres://db/proj' }).auth.audience).to.equal(undefined);
  });
});
