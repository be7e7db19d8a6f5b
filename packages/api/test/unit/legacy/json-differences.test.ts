import { expect } from 'chai';

import { jsonDifferences } from '../../../src/legacy/json-differences.js';

describe('jsonDifferences', () => {
  const user = { id: 'u1', email: 'ada@example.com', full_name: 'Ada', tags: ['a', 'b'], meta: { n: 1 } };

  it('finds none between equal values, whatever the key order', () => {
    expect(jsonDifferences(user, { meta: { n: 1 }, tags: ['a', 'b'], full_name: 'Ada', email: 'ada@example.com', id: 'u1' })).to.deep.equal(
      [],
    );
  });

  it('names the paths that differ, missing and extra fields and elements included, never the values', () => {
    const theirs = { id: 'u1', email: 'ADA@example.com', tags: ['a'], meta: { n: '1' }, extra: null };
    const paths = jsonDifferences(user, theirs);
    expect(paths).to.have.members(['email', 'full_name', 'tags.1', 'meta.n', 'extra']);
    expect(paths.join(' ')).not.to.contain('ada@example.com');
  });

  it('leaves out ignored paths and everything below them, * matching any one segment', () => {
    const ours = {
      items: [
        { id: 1, updated_at: 'x' },
        { id: 2, updated_at: 'y' },
      ],
      next_cursor: 'a',
    };
    const theirs = {
      items: [
        { id: 1, updated_at: 'z' },
        { id: 3, updated_at: 'w' },
      ],
      next_cursor: 'b',
    };
    expect(jsonDifferences(ours, theirs, ['items.*.updated_at', 'next_cursor'])).to.deep.equal(['items.1.id']);
  });

  it('reports a body that differs as a whole as (body)', () => {
    expect(jsonDifferences({ a: 1 }, undefined)).to.deep.equal(['(body)']);
    expect(jsonDifferences('text', 42)).to.deep.equal(['(body)']);
  });
});
