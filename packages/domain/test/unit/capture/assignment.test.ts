import { expect } from 'chai';

import { Assignment, SubspaceId, type SubspaceScore } from '../../../src/index.js';

const A = SubspaceId.of('00000000-0000-4000-8000-00000000000a');
const B = SubspaceId.of('00000000-0000-4000-8000-00000000000b');
const C = SubspaceId.of('00000000-0000-4000-8000-00000000000c');
const DEFAULTS = { minMargin: 0.05, minSimilarity: 0 };
const score = (subspaceId: SubspaceId, similarity: number): SubspaceScore => ({ subspaceId, similarity });

describe('Assignment.decide', () => {
  it('is no_subspaces, with nothing to compare, when there are none', () => {
    const assignment = Assignment.decide([], DEFAULTS);
    expect(assignment).to.deep.include({ status: 'no_subspaces', subspaceId: null, similarity: null, margin: null });
    expect(assignment).to.equal(Assignment.NO_SUBSPACES);
  });

  it('assigns the best when it beats the second by the margin', () => {
    const assignment = Assignment.decide([score(A, 0.5), score(B, 0.9), score(C, 0.7)], DEFAULTS);
    expect(assignment.status).to.equal('assigned');
    expect(assignment.subspaceId).to.equal(B);
    expect(assignment.similarity).to.equal(0.9);
    expect(assignment.margin).to.be.closeTo(0.2, 1e-12);
  });

  it('is ambiguous on a tie, whatever the order', () => {
    for (const scores of [
      [score(A, 0.8), score(B, 0.8)],
      [score(B, 0.8), score(A, 0.8)],
    ]) {
      expect(Assignment.decide(scores, DEFAULTS)).to.deep.include({ status: 'ambiguous', subspaceId: null, similarity: 0.8, margin: 0 });
    }
  });

  it('is ambiguous when the margin is below the threshold', () => {
    expect(Assignment.decide([score(A, 0.8), score(B, 0.76)], DEFAULTS).status).to.equal('ambiguous');
  });

  it('assigns at exactly the margin threshold', () => {
    expect(Assignment.decide([score(A, 0.75), score(B, 0.5)], { minMargin: 0.25, minSimilarity: 0 }).status).to.equal('assigned');
  });

  it('with one subspace, uses its similarity as the margin', () => {
    expect(Assignment.decide([score(A, 0.3)], DEFAULTS)).to.deep.include({
      status: 'assigned',
      subspaceId: A,
      similarity: 0.3,
      margin: 0.3,
    });
    expect(Assignment.decide([score(A, 0.03)], DEFAULTS)).to.deep.include({ status: 'ambiguous', subspaceId: null, margin: 0.03 });
  });

  it('is ambiguous when the best similarity is below the minimum similarity', () => {
    expect(Assignment.decide([score(A, 0.4), score(B, -0.5)], { minMargin: 0.05, minSimilarity: 0.5 }).status).to.equal('ambiguous');
    expect(Assignment.decide([score(A, -0.1)], { minMargin: -2, minSimilarity: 0 }).status).to.equal('ambiguous');
  });

  it('breaks an exact tie by subspace id when no margin is required', () => {
    expect(Assignment.decide([score(B, 0.8), score(A, 0.8)], { minMargin: 0, minSimilarity: 0 }).subspaceId).to.equal(A);
    expect(Assignment.decide([score(A, 0.8), score(B, 0.8)], { minMargin: 0, minSimilarity: 0 }).subspaceId).to.equal(A);
  });

  it('copes with one subspace scored twice (an equal tie on the same id)', () => {
    expect(Assignment.decide([score(A, 0.8), score(A, 0.8)], { minMargin: 0, minSimilarity: 0 }).subspaceId).to.equal(A);
  });

  it('rehydrates a stored assignment', () => {
    const stored = Assignment.fromSnapshot({ status: 'assigned', subspaceId: A, similarity: 0.9, margin: 0.1 });
    expect(stored).to.deep.include({ status: 'assigned', subspaceId: A, similarity: 0.9, margin: 0.1 });
    expect(Object.isFrozen(stored)).to.equal(true);
  });
});
