import { expect } from 'chai';

import { findUnknownProcessSettings, findUnknownSettings, loadProcessSettings, loadSettings } from '../../../src/settings/load-settings.js';

describe('the process-environment settings functions', () => {
  it('loadProcessSettings is loadSettings over process.env', () => {
    const settings = loadProcessSettings();

    expect(settings).to.deep.equal(loadSettings(process.env));
    expect(Object.isFrozen(settings)).to.equal(true);
  });

  it('findUnknownProcessSettings is findUnknownSettings over process.env', () => {
    expect(findUnknownProcessSettings()).to.deep.equal(findUnknownSettings(process.env));
  });
});
