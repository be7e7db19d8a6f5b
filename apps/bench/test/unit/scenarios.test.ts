import { expect } from 'chai';

import { scenarioById, SCENARIOS, type ScenarioData } from '../../src/scenarios.js';

const data: ScenarioData = {
  userIds: ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'],
  cursors: ['c1', 'c/2'],
  emailTag: 'run1',
};
/** A repeatable sequence in [0, 1). */
const sequence = (...values: number[]) => {
  let index = 0;
  return () => values[index++ % values.length] as number;
};

describe('scenarios', () => {
  it('registers a new e-mail address on every POST', () => {
    const next = scenarioById('post').requests(data, sequence(0.5));
    const emails = Array.from({ length: 3 }, () => (JSON.parse(next().body ?? '{}') as { email: string }).email);
    expect(new Set(emails).size).to.equal(3);
    expect(emails[0]).to.equal('bench-run1-1@example.com');
  });

  it('renames to a new name on every PATCH, so that every one writes', () => {
    const next = scenarioById('patch').requests(data, sequence(0, 0.9));
    const [first, second] = [next(), next()];
    expect(first).to.deep.include({ method: 'PATCH', path: `/v1/accounts/users/${data.userIds[0]}` });
    expect(second?.path).to.equal(`/v1/accounts/users/${data.userIds[1]}`);
    expect(first?.body).not.to.equal(second?.body);
  });

  it('lists with a cursor of the target, encoded for the query string', () => {
    expect(scenarioById('list').requests(data, sequence(0.99))().path).to.equal('/v1/accounts/users?limit=20&cursor=c%2F2');
  });

  it('mixes nine reads to one write', () => {
    let state = 0;
    const uniform = () => {
      state = (state * 9301 + 49297) % 233280;
      return state / 233280;
    };
    const next = scenarioById('mix').requests(data, uniform);
    const methods = Array.from({ length: 10_000 }, () => next().method);
    const writes = methods.filter((method) => method === 'PATCH').length;
    expect(writes).to.be.within(800, 1200);
    expect(methods.filter((method) => method === 'GET').length + writes).to.equal(10_000);
  });

  it('has an id, a title and the statuses it expects for each scenario, and refuses an unknown one', () => {
    expect(SCENARIOS.map((scenario) => scenario.id)).to.deep.equal(['get-warm', 'get-cold', 'list', 'post', 'patch', 'mix']);
    expect(scenarioById('post').expectedStatuses).to.deep.equal([201]);
    expect(() => scenarioById('delete')).to.throw(/unknown scenario/);
  });
});
