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
    expect(SCENARIOS.map((scenario) => scenario.id)).to.deep.equal([
      'get-warm',
      'get-cold',
      'list',
      'post',
      'patch',
      'mix',
      'capture-post',
      'capture-get',
      'capture-similar',
    ]);
    expect(scenarioById('post').expectedStatuses).to.deep.equal([201]);
    expect(() => scenarioById('delete')).to.throw(/unknown scenario/);
  });

  describe('capture', () => {
    const capture = {
      artifactIds: ['10000000-0000-4000-8000-00000000000a', '10000000-0000-4000-8000-00000000000b'],
      capturingUserId: '10000000-0000-4000-8000-00000000000c',
      embeddings: [[0.5, -0.5, 0.25]],
    };

    it('captures a new URL each time, for the capturing user, with an embedding and a depth in range', () => {
      const next = scenarioById('capture-post').requests({ ...data, capture }, sequence(0.999, 0));
      const bodies = Array.from(
        { length: 3 },
        () => JSON.parse(next().body ?? '{}') as { user_id: string; url: string; embedding: number[]; reading_depth: number },
      );
      expect(new Set(bodies.map((body) => body.url)).size).to.equal(3);
      for (const body of bodies) {
        expect(body).to.deep.include({ user_id: capture.capturingUserId, embedding: capture.embeddings[0] });
        expect(body.reading_depth).to.be.within(0, 1.5);
      }
    });

    it("reads and searches the reader's artifacts, similar search on a few connections only", () => {
      expect(scenarioById('capture-get').requests({ ...data, capture }, sequence(0.9))().path).to.equal(
        `/v1/capture/artifacts/${capture.artifactIds[1]}`,
      );
      const similar = scenarioById('capture-similar');
      expect(similar.requests({ ...data, capture }, sequence(0))().path).to.equal(
        `/v1/capture/artifacts/${capture.artifactIds[0]}/similar?limit=10`,
      );
      expect(similar.maxConnections).to.equal(4);
      expect(SCENARIOS.filter((scenario) => scenario.serviceOnly === true).map((scenario) => scenario.id)).to.deep.equal([
        'capture-post',
        'capture-get',
        'capture-similar',
      ]);
    });

    it('needs capture data', () => {
      expect(() => scenarioById('capture-get').requests(data, sequence(0))).to.throw(/capture data/);
    });
  });
});
