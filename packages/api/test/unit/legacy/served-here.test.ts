import { expect } from 'chai';

import { apiOperationPath, servedHere } from '../../../src/legacy/served-here.js';

describe('servedHere', () => {
  const here = servedHere();

  describe('when a path is an operation of some version, or documentation, health or metrics', () => {
    for (const path of [
      '/v1/accounts/users',
      '/v1/accounts/users/',
      '/v2/accounts/users/0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b',
      '/V1/ACCOUNTS/USERS/anything',
      '/openapi.json',
      '/docs',
      '/docs/swagger-ui.css',
      '/redoc',
      '/redoc/redoc.standalone.js',
      '/health/live',
      '/metrics',
    ]) {
      it(`serves ${path} here`, () => expect(here(path)).to.equal(true));
    }
  });

  describe('when no route matches', () => {
    for (const path of [
      '/',
      '/v1/orders',
      '/v1/accounts/users/1/roles',
      '/v3/accounts/users',
      '/v1/accounts',
      '/metrics/extra',
      '/docsx',
    ]) {
      it(`leaves ${path} to the legacy backend`, () => expect(here(path)).to.equal(false));
    }
  });

  describe('apiOperationPath', () => {
    it('matches the operations of the API only, not documentation, health or metrics', () => {
      const operation = apiOperationPath();
      expect(operation('/v2/accounts/users/x')).to.equal(true);
      expect(operation('/metrics')).to.equal(false);
      expect(operation('/health/live')).to.equal(false);
    });
  });
});
