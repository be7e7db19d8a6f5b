import { expect } from 'chai';

import { measurementPlan } from '../../src/schedule.js';

describe('measurementPlan', () => {
  it('warms each series up right before its first measured window, and only then', () => {
    const plan = measurementPlan(['get', 'get', 'post'], 2, true).map((step) => `${step.kind} ${step.series} r${step.round}`);
    expect(plan).to.deep.equal([
      'warm-up 0 r0',
      'measure 0 r0',
      'warm-up 1 r0',
      'measure 1 r0',
      'warm-up 2 r0',
      'measure 2 r0',
      // The second round runs each family's servers in reverse order.
      'measure 1 r1',
      'measure 0 r1',
      'measure 2 r1',
    ]);
  });

  it('keeps the series of one family together even when they were listed apart', () => {
    const plan = measurementPlan(['get', 'post', 'get'], 1, false).map((step) => step.series);
    expect(plan).to.deep.equal([0, 2, 1]);
  });

  it('has no warm-up steps when warm-up is off', () => {
    expect(measurementPlan(['get'], 3, false).every((step) => step.kind === 'measure')).to.equal(true);
  });
});
