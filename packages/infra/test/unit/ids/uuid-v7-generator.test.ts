import { expect } from 'chai';
import sinon from 'sinon';

import { UserId } from '@proj/domain';

import { UuidV7Generator } from '../../../src/index.js';

describe('UuidV7Generator', () => {
  // Later than any id made before in this process: the package never goes back in time.
  const NOW = Date.now() + 86_400_000;
  let clock: sinon.SinonFakeTimers;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: NOW, toFake: ['Date'] });
  });

  afterEach(() => {
    clock.restore();
  });

  it('makes version-7, RFC-variant UUIDs the domain accepts, stamped with the current millisecond', () => {
    const id = new UuidV7Generator().next();
    expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(UserId.of(id).value).to.equal(id);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).to.equal(NOW);
  });

  it('orders ids made in later milliseconds after earlier ones', () => {
    const ids = new UuidV7Generator();
    const first = ids.next();
    clock.tick(1);
    expect(ids.next() > first).to.equal(true);
  });

  it('orders ids made within one millisecond, and does not repeat', () => {
    const ids = new UuidV7Generator();
    const made = Array.from({ length: 1000 }, () => ids.next());
    expect(new Set(made).size).to.equal(1000);
    expect([...made].sort()).to.deep.equal(made);
  });
});
