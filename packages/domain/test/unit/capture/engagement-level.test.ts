import { expect } from 'chai';

import { ENGAGEMENT_LEVEL_NAMES, EngagementLevel, InvalidCaptureFieldError } from '../../../src/index.js';

describe('EngagementLevel', () => {
  it('orders glanced < skimmed < read < studied', () => {
    expect(EngagementLevel.ALL.map(String)).to.deep.equal([...ENGAGEMENT_LEVEL_NAMES]);
    const shuffled = [EngagementLevel.READ, EngagementLevel.GLANCED, EngagementLevel.STUDIED, EngagementLevel.SKIMMED];
    expect(shuffled.sort((a, b) => a.compareTo(b)).map((level) => level.name)).to.deep.equal(['glanced', 'skimmed', 'read', 'studied']);
  });

  it('compares levels', () => {
    expect(EngagementLevel.READ.isAbove(EngagementLevel.SKIMMED)).to.equal(true);
    expect(EngagementLevel.READ.isAbove(EngagementLevel.READ)).to.equal(false);
    expect(EngagementLevel.READ.isAtLeast(EngagementLevel.READ)).to.equal(true);
    expect(EngagementLevel.SKIMMED.isAtLeast(EngagementLevel.READ)).to.equal(false);
    expect(EngagementLevel.GLANCED.compareTo(EngagementLevel.STUDIED)).to.be.lessThan(0);
  });

  it('keeps the higher of two levels, in either order', () => {
    expect(EngagementLevel.READ.max(EngagementLevel.SKIMMED)).to.equal(EngagementLevel.READ);
    expect(EngagementLevel.SKIMMED.max(EngagementLevel.READ)).to.equal(EngagementLevel.READ);
    expect(EngagementLevel.READ.max(EngagementLevel.READ)).to.equal(EngagementLevel.READ);
  });

  it('has one frozen instance per level', () => {
    expect(EngagementLevel.of('read')).to.equal(EngagementLevel.READ);
    expect(EngagementLevel.of('read').equals(EngagementLevel.READ)).to.equal(true);
    expect(Object.isFrozen(EngagementLevel.READ)).to.equal(true);
    expect(Object.isFrozen(EngagementLevel.ALL)).to.equal(true);
  });

  it('rejects an unknown name, naming the field', () => {
    expect(() => EngagementLevel.of('devoured', 'min_level'))
      .to.throw(InvalidCaptureFieldError)
      .that.deep.includes({
        code: 'INVALID_ENGAGEMENT_LEVEL',
        issues: [{ path: 'min_level', message: 'must be one of glanced, skimmed, read, studied' }],
      });
    expect(() => EngagementLevel.of('READ'))
      .to.throw(InvalidCaptureFieldError)
      .with.nested.property('issues[0].path', 'engagement_level');
  });
});
