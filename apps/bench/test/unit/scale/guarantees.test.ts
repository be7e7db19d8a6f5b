import { expect } from 'chai';

import {
  checkIdempotency,
  checkRateLimit,
  isError,
  percentile,
  summarizeWindow,
  type KeyedAttempts,
  type Sample,
} from '../../../src/scale/guarantees.js';

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
  type Answer = KeyedAttempts['answers'][number];
  /** The answers the requests of one Idempotency-Key got, and how many rows the key left (one unless said). */
  const attempts = (key: string, answers: Answer[], rows = 1): KeyedAttempts => ({ key, answers, rows });
  const created = (userId: string): Answer => ({ status: 201, userId });
  const conflict = (code: string): Answer => ({ status: 409, code });

  it('holds when every 201 of a key names one user, others were told the first is in progress, and one row exists', () => {
    const verdict = checkIdempotency([attempts('a', [created('u1'), conflict('idempotency_in_progress'), created('u1')])]);
    expect(verdict).to.deep.equal({ keys: 1, attempts: 3, doubleCreates: [], inProgressAnswers: 1, held: true });
  });

  it('breaks on two users for one key, on a key that found its own user already there, and on two rows', () => {
    const verdict = checkIdempotency([
      attempts('two-users', [created('u1'), created('u2')]),
      attempts('ran-twice', [created('u1'), conflict('user_already_exists')]),
      attempts('two-rows', [created('u1')], 2),
      attempts('fine', [{ status: 502 }], 0),
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
