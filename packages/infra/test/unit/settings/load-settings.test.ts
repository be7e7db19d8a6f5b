import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';

import { findUnknownSettings, loadSettings, SettingsError } from '../../../src/index.js';
import { autoWorkers, cpuBudget } from '../../../src/settings/auto-workers.js';

const CURSOR_SECRET = 'c'.repeat(32);
const STRONG_SECRET = 'k'.repeat(32);
const PRODUCTION = {
  PROJ_ENV: 'production',
  PROJ_DATABASE_URL: 'postgres://app:s3cret@db.internal:5432/app',
  PROJ_CURSOR_SECRET: CURSOR_SECRET,
  PROJ_AUTH_JWT_SECRET: STRONG_SECRET,
  PROJ_REDIS_URL: 'redis://:r3dis-secret@cache.internal:6379/0',
};

function settingsError(env: Record<string, string>): SettingsError {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  return expect.fail('expected a SettingsError');
}

describe('loadSettings', () => {
  describe('when nothing is set', () => {
    it('defaults to development on 127.0.0.1:3000 with the embedded database and migrations on start', () => {
      const settings = loadSettings({});
      expect(settings).to.deep.include({ env: 'development', host: '127.0.0.1', port: 3000, shutdownTimeoutMs: 10_000 });
      expect(settings.database).to.deep.include({
        url: undefined,
        dataDir: '.data',
        poolMax: 10,
        statementTimeoutMs: 5_000,
        migrateOnStart: true,
      });
      expect(settings.log).to.deep.equal({ level: 'info', format: 'pretty' });
      expect(settings.http).to.deep.equal({
        bodyLimit: '100kb',
        validateResponses: true,
        corsOrigins: [],
        trustProxy: false,
        maxConnections: 10_000,
        metricsPort: undefined,
      });
      expect(settings.auth).to.deep.equal({ key: { kind: 'ephemeral' }, issuer: undefined, audience: undefined, clockSkewSeconds: 30 });
    });

    it('uses in-process coordination, a 60 s user cache, 24 h idempotency and 600 requests per minute', () => {
      const settings = loadSettings({});
      expect(settings.redis).to.deep.equal({ url: undefined, keyPrefix: 'proj:', commandTimeoutMs: 250, connectTimeoutMs: 2_000 });
      expect(settings.cache).to.deep.equal({ ttlSeconds: 60, absentTtlSeconds: 5 });
      expect(settings.idempotency).to.deep.equal({ retentionSeconds: 86_400, leaseSeconds: 60 });
      expect(settings.rateLimit).to.deep.equal({ perMinute: 600, concurrentPerCaller: 5, waitingPerCaller: 100 });
      expect(settings.runtimeSettings).to.deep.equal({ ttlSeconds: 30 });
    });

    it('takes 384-dimension embeddings for capture', () => {
      expect(loadSettings({}).capture).to.deep.equal({ embeddingDimension: 384 });
    });
  });

  describe('PROJ_CAPTURE_EMBEDDING_DIMENSION', () => {
    it('is read when set', () => {
      expect(loadSettings({ PROJ_CAPTURE_EMBEDDING_DIMENSION: '1536' }).capture.embeddingDimension).to.equal(1536);
    });

    it('must be a whole number from 1 to 4096', () => {
      for (const value of ['0', '4097', '12.5', 'many']) {
        expect(settingsError({ PROJ_CAPTURE_EMBEDDING_DIMENSION: value }).problems, value).to.deep.equal([
          'PROJ_CAPTURE_EMBEDDING_DIMENSION: must be a whole number from 1 to 4096',
        ]);
      }
    });
  });

  describe('the Redis and rate-limit variables', () => {
    it('are read when set', () => {
      const settings = loadSettings({
        PROJ_REDIS_URL: 'rediss://cache.example:6380/2',
        PROJ_REDIS_KEY_PREFIX: 'svc-a:',
        PROJ_REDIS_COMMAND_TIMEOUT_MS: '100',
        PROJ_RATE_LIMIT_PER_MINUTE: '0',
        PROJ_CACHE_TTL_SECONDS: '0',
        PROJ_TRUST_PROXY: '1',
      });
      expect(settings.redis).to.deep.include({ url: 'rediss://cache.example:6380/2', keyPrefix: 'svc-a:', commandTimeoutMs: 100 });
      expect(settings.rateLimit.perMinute).to.equal(0);
      expect(settings.cache.ttlSeconds).to.equal(0);
      expect(settings.http.trustProxy).to.equal(1);
    });

    it('require PROJ_REDIS_URL in staging and production, but not in test', () => {
      const { PROJ_REDIS_URL: _unused, ...withoutRedis } = PRODUCTION;
      expect(() => loadSettings(withoutRedis)).to.throw(SettingsError, /PROJ_REDIS_URL: required when PROJ_ENV is production/);
      expect(() => loadSettings({ ...withoutRedis, PROJ_ENV: 'staging' })).to.throw(SettingsError, /PROJ_REDIS_URL: required/);
      expect(loadSettings({ ...withoutRedis, PROJ_ENV: 'test' }).redis.url).to.equal(undefined);
    });

    it('refuse a non-Redis URL without echoing it, and idempotency retention under 24 h', () => {
      const error = (() => {
        try {
          loadSettings({ PROJ_REDIS_URL: 'http://:pa55word@cache', PROJ_IDEMPOTENCY_RETENTION_SECONDS: '3600', PROJ_TRUST_PROXY: 'maybe' });
        } catch (e) {
          return e as SettingsError;
        }
        return undefined;
      })();
      expect(error?.problems.map((p) => p.split(':')[0])).to.have.members([
        'PROJ_REDIS_URL',
        'PROJ_IDEMPOTENCY_RETENTION_SECONDS',
        'PROJ_TRUST_PROXY',
      ]);
      expect(error?.message).not.to.contain('pa55word');
    });
  });

  describe('auth', () => {
    it('uses PROJ_AUTH_JWT_SECRET with the issuer, audience and clock skew given', () => {
      const settings = loadSettings({
        ...PRODUCTION,
        PROJ_AUTH_ISSUER: 'https://id.example.com',
        PROJ_AUTH_AUDIENCE: 'proj',
        PROJ_AUTH_CLOCK_SKEW_S: '5',
      });
      expect(settings.auth).to.deep.equal({
        key: { kind: 'secret', secret: STRONG_SECRET },
        issuer: 'https://id.example.com',
        audience: 'proj',
        clockSkewSeconds: 5,
      });
    });

    it('uses PROJ_AUTH_JWKS_URL with an audience in production', () => {
      const { PROJ_AUTH_JWT_SECRET: _secret, ...withoutSecret } = PRODUCTION;
      const settings = loadSettings({
        ...withoutSecret,
        PROJ_AUTH_JWKS_URL: 'https://id.example.com/jwks.json',
        PROJ_AUTH_AUDIENCE: 'proj',
      });
      expect(settings.auth.key).to.deep.equal({ kind: 'jwks', url: 'https://id.example.com/jwks.json' });
    });

    for (const env of ['staging', 'production']) {
      it(`refuses to start in ${env} with no key configured`, () => {
        const error = settingsError({
          PROJ_ENV: env,
          PROJ_DATABASE_URL: PRODUCTION.PROJ_DATABASE_URL,
          PROJ_CURSOR_SECRET: CURSOR_SECRET,
          PROJ_REDIS_URL: PRODUCTION.PROJ_REDIS_URL,
        });
        expect(error.problems).to.have.length(1);
        expect(error.problems[0]).to.match(/^PROJ_AUTH_JWT_SECRET: required when PROJ_ENV is/);
      });
    }

    it('refuses a secret shorter than 32 bytes in any environment, without echoing it', () => {
      for (const env of [{ PROJ_ENV: 'development' }, { ...PRODUCTION }]) {
        const error = settingsError({ ...env, PROJ_AUTH_JWT_SECRET: 'short-Secret-31-bytes-xxxxxxxxx' });
        expect(error.problems).to.have.length(1);
        expect(error.problems[0]).to.match(/^PROJ_AUTH_JWT_SECRET: too weak, must be at least 32 bytes/);
        expect(error.message).not.to.contain('short-Secret');
      }
    });

    it('counts bytes, not characters: 16 two-byte characters are enough', () => {
      expect(loadSettings({ PROJ_AUTH_JWT_SECRET: 'é'.repeat(16) }).auth.key.kind).to.equal('secret');
    });

    it('refuses both a secret and a JWKS URL', () => {
      expect(
        settingsError({ PROJ_AUTH_JWT_SECRET: STRONG_SECRET, PROJ_AUTH_JWKS_URL: 'https://id.example.com/jwks' }).problems[0],
      ).to.match(/not both/);
    });

    it('requires https and an audience for a JWKS outside development and test', () => {
      const { PROJ_AUTH_JWT_SECRET: _secret, ...withoutSecret } = PRODUCTION;
      const error = settingsError({ ...withoutSecret, PROJ_AUTH_JWKS_URL: 'http://id.example.com/jwks' });
      expect(error.problems.map((p) => p.split(':')[0])).to.have.members(['PROJ_AUTH_JWKS_URL', 'PROJ_AUTH_AUDIENCE']);
      expect(loadSettings({ PROJ_AUTH_JWKS_URL: 'http://127.0.0.1:9999/jwks' }).auth.key.kind).to.equal('jwks');
    });

    it('rejects a JWKS URL that is not http(s) and a skew over 300 s', () => {
      const error = settingsError({ PROJ_AUTH_JWKS_URL: 'file:///etc/keys', PROJ_AUTH_CLOCK_SKEW_S: '3600' });
      expect(error.problems.map((p) => p.split(':')[0])).to.have.members(['PROJ_AUTH_JWKS_URL', 'PROJ_AUTH_CLOCK_SKEW_S']);
    });
  });

  describe('the legacy backend variables', () => {
    it('forward nothing and time out after 10 s by default', () => {
      expect(loadSettings({}).legacy).to.deep.equal({
        baseUrl: undefined,
        timeoutMs: 10_000,
        shadowReads: { enabled: false, ignoredFields: [], maxInFlight: 16 },
      });
    });

    it('are read when set', () => {
      const settings = loadSettings({
        PROJ_LEGACY_BASE_URL: 'http://legacy.internal:8080/api',
        PROJ_LEGACY_TIMEOUT_MS: '2500',
        PROJ_LEGACY_SHADOW_READS: 'true',
        PROJ_LEGACY_SHADOW_IGNORED_FIELDS: 'updated_at, items.*.updated_at',
        PROJ_LEGACY_SHADOW_MAX_IN_FLIGHT: '4',
      });
      expect(settings.legacy).to.deep.equal({
        baseUrl: 'http://legacy.internal:8080/api',
        timeoutMs: 2500,
        shadowReads: { enabled: true, ignoredFields: ['updated_at', 'items.*.updated_at'], maxInFlight: 4 },
      });
    });

    it('refuse shadow reads without a legacy backend, and malformed ignored fields', () => {
      const error = settingsError({ PROJ_LEGACY_SHADOW_READS: 'true', PROJ_LEGACY_SHADOW_IGNORED_FIELDS: 'a..b' });
      expect(error.problems.map((p) => p.split(':')[0])).to.have.members(['PROJ_LEGACY_SHADOW_READS', 'PROJ_LEGACY_SHADOW_IGNORED_FIELDS']);
    });

    it('refuse a URL that is not http(s) or has a query, and a zero timeout, without echoing the URL', () => {
      for (const url of ['ftp://legacy.internal', 'http://legacy.internal/?token=s3cret', 'not a url']) {
        const error = settingsError({ PROJ_LEGACY_BASE_URL: url, PROJ_LEGACY_TIMEOUT_MS: '0' });
        expect(error.problems.map((p) => p.split(':')[0])).to.have.members(['PROJ_LEGACY_BASE_URL', 'PROJ_LEGACY_TIMEOUT_MS']);
        expect(error.message).not.to.contain('s3cret');
      }
    });
  });

  describe('PROJ_CORS_ORIGINS', () => {
    it('is a comma-separated list of exact origins', () => {
      expect(loadSettings({ PROJ_CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).http.corsOrigins).to.deep.equal([
        'https://app.example.com',
        'http://localhost:5173',
      ]);
    });

    for (const bad of ['*', 'https://app.example.com/', 'app.example.com', 'https://app.example.com/path', 'ftp://files.example.com']) {
      it(`rejects ${bad}`, () => {
        expect(settingsError({ PROJ_CORS_ORIGINS: bad }).problems[0]).to.match(/^PROJ_CORS_ORIGINS: /);
      });
    }
  });

  describe('outside development', () => {
    it('listens on all interfaces, logs JSON and does not migrate on start', () => {
      const settings = loadSettings(PRODUCTION);
      expect(settings.host).to.equal('0.0.0.0');
      expect(settings.log.format).to.equal('json');
      expect(settings.database.migrateOnStart).to.equal(false);
    });

    it('does not check responses against the OpenAPI document (no cost in production)', () => {
      expect(loadSettings(PRODUCTION).http.validateResponses).to.equal(false);
      expect(loadSettings({ ...PRODUCTION, PROJ_ENV: 'staging' }).http.validateResponses).to.equal(false);
    });

    it('requires PROJ_DATABASE_URL', () => {
      expect(() => loadSettings({ PROJ_ENV: 'staging', PROJ_AUTH_JWT_SECRET: STRONG_SECRET })).to.throw(
        SettingsError,
        /PROJ_DATABASE_URL: required/,
      );
    });

    describe('the database password', () => {
      const reserved = 'p/a+s%2F s@w:o#r?d';

      it('refuses a URL that does not parse, with a hint and without echoing it', () => {
        const url = 'postgres://app:a/b+c@db.internal:5432/app';
        const error = captureError(() => loadSettings({ ...PRODUCTION, PROJ_DATABASE_URL: url }));
        expect(error).to.be.instanceOf(SettingsError);
        expect((error as SettingsError).message).to.match(/PROJ_DATABASE_URL: does not parse as a URL: percent-encode/);
        expect((error as SettingsError).message).not.to.contain('a/b+c');
      });

      it('takes PROJ_DATABASE_PASSWORD apart, percent-encoded into the URL so that any character survives', () => {
        const settings = loadSettings({
          ...PRODUCTION,
          PROJ_DATABASE_URL: 'postgres://app@db.internal:5432/app',
          PROJ_DATABASE_PASSWORD: reserved,
        });
        const url = new URL(settings.database.url as string);
        expect(decodeURIComponent(url.password)).to.equal(reserved);
        expect(url.username).to.equal('app');
        expect(url.host).to.equal('db.internal:5432');
        expect(url.pathname).to.equal('/app');
      });

      it('refuses PROJ_DATABASE_PASSWORD without PROJ_DATABASE_URL', () => {
        expect(() => loadSettings({ PROJ_ENV: 'development', PROJ_DATABASE_PASSWORD: reserved })).to.throw(
          SettingsError,
          /PROJ_DATABASE_PASSWORD: needs PROJ_DATABASE_URL/,
        );
      });
    });

    it('requires PROJ_CURSOR_SECRET, reported together with the other missing variables', () => {
      const error = (() => {
        try {
          loadSettings({ PROJ_ENV: 'production' });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect((error as SettingsError).problems.map((p) => p.split(':')[0])).to.deep.equal([
        'PROJ_DATABASE_URL',
        'PROJ_CURSOR_SECRET',
        'PROJ_AUTH_JWT_SECRET',
        'PROJ_REDIS_URL',
      ]);
    });

    it('passes the cursor secret on', () => {
      expect(loadSettings(PRODUCTION).pagination.cursorSecret).to.equal(CURSOR_SECRET);
    });

    describe('for the database commands (a migrate job)', () => {
      it('requires the database URL but not the HTTP service\u2019s cursor secret or token key', () => {
        const settings = loadSettings(
          { PROJ_ENV: 'production', PROJ_DATABASE_URL: PRODUCTION.PROJ_DATABASE_URL },
          { purpose: 'database-commands' },
        );
        expect(settings.database.url).to.equal(PRODUCTION.PROJ_DATABASE_URL);
        expect(() => loadSettings({ PROJ_ENV: 'production' }, { purpose: 'database-commands' })).to.throw(
          SettingsError,
          /PROJ_DATABASE_URL: required/,
        );
      });

      it('still validates the cursor secret and token settings that are given', () => {
        expect(() => loadSettings({ ...PRODUCTION, PROJ_CURSOR_SECRET: 'short' }, { purpose: 'database-commands' })).to.throw(
          SettingsError,
          /PROJ_CURSOR_SECRET/,
        );
        const both = {
          PROJ_ENV: 'production',
          PROJ_DATABASE_URL: PRODUCTION.PROJ_DATABASE_URL,
          PROJ_AUTH_JWT_SECRET: 's'.repeat(40),
          PROJ_AUTH_JWKS_URL: 'https://id.example.com/jwks',
        };
        expect(() => loadSettings(both, { purpose: 'database-commands' })).to.throw(SettingsError, /set either it or PROJ_AUTH_JWKS_URL/);
      });
    });
  });

  describe('PROJ_WORKERS', () => {
    it('is 1 by default, a count when given one, and what this machine allows for auto', () => {
      expect(loadSettings(PRODUCTION).workers).to.equal(1);
      expect(loadSettings({ ...PRODUCTION, PROJ_WORKERS: '3' }).workers).to.equal(3);
      expect(loadSettings({ ...PRODUCTION, PROJ_WORKERS: 'auto' }).workers).to.equal(autoWorkers(cpuBudget()));
    });

    it('refuses anything else, naming the variable', () => {
      for (const value of ['0', '65', 'many', '2.5', '-1']) {
        expect(() => loadSettings({ ...PRODUCTION, PROJ_WORKERS: value }), value).to.throw(
          SettingsError,
          /PROJ_WORKERS: must be auto or a whole number from 1 to 64/,
        );
      }
    });

    it('needs a database URL, a cursor key and a token key shared by every worker for more than one worker', () => {
      expect(() => loadSettings({ PROJ_WORKERS: '2' })).to.throw(
        SettingsError,
        /PROJ_WORKERS: more than one worker needs PROJ_DATABASE_URL .*, PROJ_CURSOR_SECRET .*, PROJ_AUTH_JWT_SECRET or PROJ_AUTH_JWKS_URL/,
      );
      expect(() =>
        loadSettings({
          PROJ_ENV: 'test',
          PROJ_DATABASE_URL: 'postgres://localhost/test',
          PROJ_WORKERS: '2',
          PROJ_AUTH_JWT_SECRET: 's'.repeat(32),
        }),
      ).to.throw(SettingsError, /^Invalid settings:\n {2}PROJ_WORKERS: more than one worker needs PROJ_CURSOR_SECRET \(/);
      expect(loadSettings({ PROJ_WORKERS: '1' }).workers).to.equal(1);
    });
  });

  describe('in development and test', () => {
    it('needs no cursor secret (each process then signs with a random key)', () => {
      expect(loadSettings({}).pagination.cursorSecret).to.equal(undefined);
      expect(loadSettings({ PROJ_ENV: 'test', PROJ_DATABASE_URL: 'postgres://localhost/test' }).pagination.cursorSecret).to.equal(
        undefined,
      );
    });

    it('refuses a short cursor secret without echoing it', () => {
      expect(() => loadSettings({ PROJ_CURSOR_SECRET: 'tooshort-hunter2' }))
        .to.throw(SettingsError, /PROJ_CURSOR_SECRET: must be at least 32 characters/)
        .with.property('message')
        .that.does.not.contain('hunter2');
    });
  });

  it('is frozen all the way down', () => {
    const settings = loadSettings({});
    expect(Object.isFrozen(settings)).to.equal(true);
    expect(Object.isFrozen(settings.database)).to.equal(true);
  });

  it('falls back to PORT when PROJ_PORT is unset, and prefers PROJ_PORT', () => {
    expect(loadSettings({ PORT: '8080' }).port).to.equal(8080);
    expect(loadSettings({ PORT: '8080', PROJ_PORT: '9090' }).port).to.equal(9090);
  });

  it('treats an empty variable as unset', () => {
    expect(loadSettings({ PROJ_PORT: '' }).port).to.equal(3000);
  });

  describe('when several variables are invalid', () => {
    it('reports every one of them, one line each, without echoing values', () => {
      const error = (() => {
        try {
          loadSettings({ PROJ_PORT: 'eighty', PROJ_ENV: 'prod', PROJ_DATABASE_URL: 'mysql://root:hunter2@x/db', PROJ_LOG_LEVEL: 'loud' });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).to.be.instanceOf(SettingsError);
      const { problems, message } = error as SettingsError;
      expect(problems.map((p) => p.split(':')[0])).to.have.members(['PROJ_PORT', 'PROJ_ENV', 'PROJ_DATABASE_URL', 'PROJ_LOG_LEVEL']);
      expect(message).not.to.contain('hunter2');
    });
  });

  describe('when three variables are bad', () => {
    it('prints exactly three lines after the heading, each naming its variable', () => {
      const error = catchSettingsError(() =>
        loadSettings({
          PROJ_ENV: 'production',
          PROJ_CURSOR_SECRET: 'c'.repeat(32),
          PROJ_AUTH_JWT_SECRET: STRONG_SECRET,
          PROJ_REDIS_URL: 'redis://cache:6379',
          PROJ_PORT: '0x50',
          PROJ_LOG_LEVEL: 'loud',
        }),
      );
      const lines = error.message.split('\n');
      expect(lines[0]).to.equal('Invalid settings:');
      expect(lines.slice(1).map((line) => line.trim().split(':')[0])).to.deep.equal(['PROJ_PORT', 'PROJ_LOG_LEVEL', 'PROJ_DATABASE_URL']);
      expect(error.message).to.contain('PROJ_PORT: must be a whole number from 0 to 65535');
      expect(error.message).to.contain('PROJ_LOG_LEVEL: must be one of error, warn, info, debug');
      expect(error.message).to.contain('PROJ_DATABASE_URL: required when PROJ_ENV is production');
    });
  });

  it('reports a variable with several problems on one line', () => {
    const error = catchSettingsError(() => loadSettings({ PROJ_PORT: '99999', PROJ_BODY_LIMIT: 'lots' }));
    expect(error.problems).to.have.length(2);
  });

  it('refuses numbers written in other notations rather than guessing', () => {
    for (const value of ['1e3', '12.5', ' ', 'abc']) {
      expect(() => loadSettings({ PROJ_DATABASE_POOL_MAX: value }), value).to.throw(
        SettingsError,
        /PROJ_DATABASE_POOL_MAX: must be a whole number/,
      );
    }
  });

  describe('findUnknownSettings', () => {
    it('names PROJ_ variables the service does not read, ignoring the test harness and other variables', () => {
      expect(findUnknownSettings({ PROJ_PROT: '1', PROJ_PORT: '2', PROJ_TEST_DATABASE_URL: 'x', HOME: '/root', PORT: '3' })).to.deep.equal([
        'PROJ_PROT',
      ]);
    });
  });

  describe('with a .env file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'proj-settings-'));
    const dotenvPath = join(dir, '.env');
    writeFileSync(dotenvPath, 'PROJ_PORT=4000\nPROJ_LOG_LEVEL=debug\n');

    it('reads it in development, with the process environment winning', () => {
      const settings = loadSettings({ PROJ_LOG_LEVEL: 'warn' }, { dotenvPath });
      expect(settings.port).to.equal(4000);
      expect(settings.log.level).to.equal('warn');
    });

    it('ignores it in production', () => {
      expect(loadSettings(PRODUCTION, { dotenvPath }).port).to.equal(3000);
    });
  });
});

function catchSettingsError(load: () => unknown): SettingsError {
  try {
    load();
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
