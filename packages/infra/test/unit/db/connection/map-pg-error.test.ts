import { expect } from 'chai';

import { DependencyUnavailableError } from '@proj/application/errors';

import { isUniqueViolation, mapUnavailable } from '../../../../src/db/connection/map-pg-error.js';

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

describe('isUniqueViolation', () => {
  it('matches the code and the constraint name', () => {
    expect(isUniqueViolation({ code: '23505', constraint: 'users_email_lower_key' }, 'users_email_lower_key')).to.equal(true);
    expect(isUniqueViolation({ code: '23505', constraint: 'other' }, 'users_email_lower_key')).to.equal(false);
    expect(isUniqueViolation(undefined, 'users_email_lower_key')).to.equal(false);
  });
});
