import { expect } from 'chai';

import { checkIdempotency, checkRateLimit, isError, percentile, summarizeWindow, type Sample } from '../../../src/scale/guarantees.js';

const sample = (overrides: Partial<Sample>): Sample => ({ at: 0, latencyMs: 1, status: 200, servedBy: 's1', kind: 'read', ...overrides });

describe('percentile', () => {
  it('takes the nearest rank, whatever the order, and 0 for nothing', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 99)).to.equal(99);
    expect(percentile(values, 50)).to.equal(50);
    expect(percentile([7], 99)).to.equal(7);
    expect(percentile([], 99)).to.equal(0);
  });
});

describe('isError', () => {
  it('counts no response and 5xx, not the API’s 4xx answers', () => {
    expect([0, 200, 409, 429, 502, 503].map((status) => isError(sample({ status })))).to.deep.equal([
      true,
      false,
      false,
      false,
      true,
      true,
    ]);
  });
});

describe('summarizeWindow', () => {
  it('counts requests sent within [from, to), their errors and latency percentiles', () => {
    const samples = [sample({ at: 5, latencyMs: 10 }), sample({ at: 10, latencyMs: 30, status: 502 }), sample({ at: 20, latencyMs: 99 })];
    expect(summarizeWindow(samples, 'kill', 5, 20)).to.deep.equal({
      name: 'kill',
      fromMs: 5,
      toMs: 20,
      requests: 2,
      errors: 1,
      p50Ms: 10,
      p99Ms: 30,
    });
  });
});

describe('checkIdempotency', () => {
  it('holds when every 201 of a key names one user, others were told the first is in progress, and one row exists', () => {
    const verdict = checkIdempotency([
      {
        key: 'a',
        answers: [
          { status: 201, userId: 'u1' },
          { status: 409, code: 'idempotency_in_progress' },
          { status: 201, userId: 'u1' },
        ],
        rows: 1,
      },
    ]);
    expect(verdict).to.deep.equal({ keys: 1, attempts: 3, doubleCreates: [], inProgressAnswers: 1, held: true });
  });

  it('breaks on two users for one key, on a key that found its own user already there, and on two rows', () => {
    const verdict = checkIdempotency([
      {
        key: 'two-users',
        answers: [
          { status: 201, userId: 'u1' },
          { status: 201, userId: 'u2' },
        ],
        rows: 1,
      },
      {
        key: 'ran-twice',
        answers: [
          { status: 201, userId: 'u1' },
          { status: 409, code: 'user_already_exists' },
        ],
        rows: 1,
      },
      { key: 'two-rows', answers: [{ status: 201, userId: 'u1' }], rows: 2 },
      { key: 'fine', answers: [{ status: 502 }], rows: 0 },
    ]);
    expect(verdict.doubleCreates).to.deep.equal(['two-users', 'ran-twice', 'two-rows']);
    expect(verdict.held).to.equal(false);
  });
});

describe('checkRateLimit', () => {
  const greedy = (count: number, at: number, status = 200): Sample[] =>
    Array.from({ length: count }, () => sample({ kind: 'greedy', at, status }));

  it('bounds each phase by full buckets plus their refill plus the lease slack, counting only the greedy caller', () => {
    const samples = [...greedy(70, 1_000), ...greedy(30, 2_000, 429), sample({ at: 1_000 }), ...greedy(130, 61_000)];
    const [first, second] = checkRateLimit(
      samples,
      [
        { name: 'one bucket', fromMs: 0, toMs: 60_000, buckets: 1 },
        { name: 'two buckets', fromMs: 60_000, toMs: 90_000, buckets: 2 },
      ],
      60,
      3,
    );
    expect(first).to.include({ allowed: 70, denied: 30, bound: 123, held: true });
    expect(second).to.include({ allowed: 130, bound: 183, held: true });
  });

  it('breaks when a phase allowed more than its bound', () => {
    const [phase] = checkRateLimit(greedy(200, 10), [{ name: 'p', fromMs: 0, toMs: 60_000, buckets: 1 }], 60, 3);
    expect(phase).to.include({ allowed: 200, bound: 123, held: false });
  });
});
