import { expect } from 'chai';

import { Email } from '@proj/domain';

import { emailSkeleton, skeleton } from '../../../../src/db/accounts/email-skeleton.js';

const of = (address: string): string => emailSkeleton(Email.of(address));

describe('emailSkeleton', () => {
  it('gives look-alike addresses one skeleton', () => {
    const ada = of('ada@example.com');
    for (const lookAlike of [
      '\u0430da@example.com', // Cyrillic а
      'ad\u0430@ex\u0430mple.com',
      '\uff41da@example.com', // fullwidth a
      'ada@\uff45xample.com', // fullwidth e in the domain
      'ada@ex\u0430mple.com', // Cyrillic а in the domain
      'ada@xn--exmple-4nf.com', // the same in punycode
    ]) {
      expect(of(lookAlike), lookAlike).to.equal(ada);
    }
    expect(of('modern@example.com')).to.equal(of('rnodern@example.com'));
    expect(of('a@bücher.de')).to.equal(of('a@xn--bcher-kva.de'));
  });

  it('keeps addresses that do not look alike apart', () => {
    expect(of('ada@example.com')).not.to.equal(of('adb@example.com'));
    expect(of('ada@example.com')).not.to.equal(of('ada@example.org'));
  });

  it('maps decomposed and precomposed accents alike', () => {
    expect(skeleton('re\u0301')).to.equal(skeleton('r\u00e9'));
  });
});
