import { expect } from 'chai';

import { UserId } from '@proj/domain';

import { UuidV7Generator } from '../../../src/index.js';

describe('UuidV7Generator', () => {
  it('makes version-7, RFC-variant UUIDs the domain accepts', () => {
    const id = new UuidV7Generator().next();
    expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(UserId.of(id).value).to.equal(id);
  });

  it('orders ids made in later milliseconds after earlier ones', async () => {
    const ids = new UuidV7Generator();
    const first = ids.next();
    await new Promise((resolve) => setTimeout(resolve, 2));
    expect(ids.next() > first).to.equal(true);
  });

  it('does not repeat', () => {
    const ids = new UuidV7Generator();
    expect(new Set(Array.from({ length: 1000 }, () => ids.next())).size).to.equal(1000);
  });
});
