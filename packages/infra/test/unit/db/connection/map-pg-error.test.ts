import { expect } from 'chai';

import { DependencyUnavailableError } from '@proj/application/errors';

import { mapUnavailable, rethrowDatabaseError, type UniqueViolations } from '../../../../src/db/connection/map-pg-error.js';

describe('mapUnavailable', () => {
  const outages = [
    { code: 'ECONNREFUSED' },
    { code: '57P01' }, // admin_shutdown: the server is stopping
    { code: '57P03' }, // cannot_connect_now: the server is starting
    { code: '57014' }, // query_canceled: statement_timeout
    { code: '53300' }, // too_many_connections
    { code: '53100' }, // disk_full
    { code: '08006' }, // connection_failure
    new Error('timeout exceeded when trying to connect'), // pg-pool: no free connection within connectionTimeoutMillis
    new Error('Connection terminated due to connection timeout'), // pg-pool: a new connection took too long
    new Error('Connection terminated unexpectedly'),
    new Error('Query read timeout'), // pg: query_timeout
  ];
  for (const error of outages) {
    it(`maps ${JSON.stringify(error) === '{}' ? (error as Error).message : JSON.stringify(error)} to DependencyUnavailableError`, () => {
      const mapped = mapUnavailable(error);
      expect(mapped).to.be.instanceOf(DependencyUnavailableError);
      expect(mapped).to.include({ dependency: 'database', retryAfterSeconds: 2 });
    });
  }

  for (const error of [
    { code: '42P01', message: 'relation does not exist' },
    { code: '23505', message: 'duplicate key value violates unique constraint' },
    { code: '22012', message: 'division by zero' },
    new Error('something else'),
  ]) {
    it(`returns ${error.message} unchanged`, () => {
      expect(mapUnavailable(error)).to.equal(error);
    });
  }
});

describe('rethrowDatabaseError', () => {
  class TakenError extends Error {}
  const violations = { users_email_lower_key: (cause: unknown) => new TakenError('taken', { cause }) };
  const thrown = (error: unknown, given: UniqueViolations = violations): unknown => {
    try {
      rethrowDatabaseError(error, given);
    } catch (e) {
      return e;
    }
    return undefined;
  };

  it('throws the named error for a unique violation on a named constraint, with the driver error as its cause', () => {
    const driverError = { code: '23505', constraint: 'users_email_lower_key' };
    const error = thrown(driverError);
    expect(error).to.be.instanceOf(TakenError);
    expect((error as Error).cause).to.equal(driverError);
  });

  it('throws a unique violation on another constraint unchanged, and an outage as DependencyUnavailableError', () => {
    const other = { code: '23505', constraint: 'other' };
    expect(thrown(other)).to.equal(other);
    expect(thrown({ code: '23505' })).to.deep.equal({ code: '23505' });
    expect(thrown({ code: 'ECONNREFUSED' }, {})).to.be.instanceOf(DependencyUnavailableError);
  });
});
