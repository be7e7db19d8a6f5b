import { expect } from 'chai';
import request from 'supertest';

import type { RateLimitDecision, RateLimiter, RateLimitPolicy } from '@proj/application/edge';
import { RecordingLogger } from '@proj/application/testing';

import { callerKey, rateLimit } from '../../../../src/http/middleware/rate-limit.js';
import { testApp } from '../../support/test-app.js';

/** Allows the first `allow` requests of each caller, then denies; records what it was asked. */
class CountingLimiter implements RateLimiter {
  readonly seen: Array<{ caller: string; policy: RateLimitPolicy }> = [];
  constructor(private readonly allow: number) {}
  async consume(caller: string, policy: RateLimitPolicy): Promise<RateLimitDecision> {
    this.seen.push({ caller, policy });
    const used = this.seen.filter((s) => s.caller === caller).length;
    const allowed = used <= this.allow;
    return { allowed, limit: policy.limit, remaining: Math.max(0, this.allow - used), resetSeconds: 7, retryAfterSeconds: allowed ? 0 : 3 };
  }
}

describe('rateLimit', () => {
  function app(limiter: RateLimiter, limitPerMinute = 2, principal?: string) {
    return testApp(new RecordingLogger(), (a) => {
      a.use(rateLimit({ limiter, limitPerMinute: () => limitPerMinute, callerOf: (req) => callerKey(req, principal) }));
      a.get(['/v1/thing', '/health/ready', '/metrics', '/docs/x', '/openapi.json', '/redoc'], (_req, res) => {
        res.json({ ok: true });
      });
    });
  }

  it('sends the RateLimit headers, then 429 rate_limited with Retry-After over the limit', async () => {
    const limiter = new CountingLimiter(1);
    const ok = await request(app(limiter)).get('/v1/thing').expect(200);
    expect(ok.headers).to.include({
      'ratelimit-limit': '2',
      'ratelimit-remaining': '0',
      'ratelimit-reset': '7',
      'ratelimit-policy': '2;w=60',
    });
    const limited = await request(app(limiter)).get('/v1/thing').expect(429);
    expect(limited.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(limited.body).to.include({ status: 429, code: 'rate_limited' });
    expect(limited.headers['retry-after']).to.equal('3');
    expect(limited.headers['ratelimit-remaining']).to.equal('0');
    expect(limiter.seen[0]?.policy).to.deep.equal({ limit: 2, windowMs: 60_000 });
  });

  it('never limits health, metrics, docs, ReDoc or the OpenAPI document', async () => {
    const limiter = new CountingLimiter(0);
    for (const path of ['/health/ready', '/metrics', '/docs/x', '/openapi.json', '/redoc'])
      await request(app(limiter)).get(path).expect(200);
    expect(limiter.seen).to.be.empty;
  });

  it('decides exemptions on the full path: under a version prefix, /v1/health or /v1/metrics is limited', async () => {
    const limiter = new CountingLimiter(0);
    const mounted = testApp(new RecordingLogger(), (a) => {
      a.use('/v1', rateLimit({ limiter, limitPerMinute: () => 2, callerOf: (req) => callerKey(req, undefined) }));
      a.get(['/v1/health', '/v1/metrics', '/v1/docs/x'], (_req, res) => {
        res.json({ ok: true });
      });
    });
    for (const path of ['/v1/health', '/v1/metrics', '/v1/docs/x']) await request(mounted).get(path).expect(429);
    expect(limiter.seen).to.have.length(3);
  });

  it('is off when the limit in force is 0', async () => {
    const limiter = new CountingLimiter(0);
    await request(app(limiter, 0)).get('/v1/thing').expect(200);
    expect(limiter.seen).to.be.empty;
  });

  it('counts per client IP when anonymous, and per subject when authenticated', async () => {
    const limiter = new CountingLimiter(5);
    await request(app(limiter)).get('/v1/thing');
    await request(app(limiter, 2, 'user-42')).get('/v1/thing');
    const [anonymous, authenticated] = limiter.seen.map((s) => s.caller);
    expect(anonymous).to.match(/^ip:(::ffff:)?127\.0\.0\.1$/);
    expect(authenticated).to.equal('sub:user-42');
  });
});
