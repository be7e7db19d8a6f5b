import { expect } from 'chai';

import { parseHttpDate } from '../../../../src/http/support/http-date.js';

describe('parseHttpDate', () => {
  const instant = Date.UTC(1994, 10, 6, 8, 49, 37);

  it('reads the three forms of RFC 9110 §5.6.7', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).to.equal(instant);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', new Date('2026-12-02T00:00:00Z'))).to.equal(instant);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).to.equal(instant);
    expect(parseHttpDate('  Sun, 06 Nov 1994 08:49:37 GMT ')).to.equal(instant);
  });

  it('puts a two-digit year more than 50 years ahead in the past century', () => {
    const now = new Date('2026-12-02T00:00:00Z');
    expect(parseHttpDate('Tuesday, 01-Jan-76 00:00:00 GMT', now)).to.equal(Date.UTC(2076, 0, 1));
    expect(parseHttpDate('Wednesday, 01-Jan-77 00:00:00 GMT', now)).to.equal(Date.UTC(1977, 0, 1));
  });

  it('refuses anything else', () => {
    for (const value of [
      undefined,
      '',
      'yesterday',
      '1994-11-06T08:49:37Z',
      'Sun, 06 Nov 1994 08:49:37 UTC',
      'Sun, 6 Nov 1994 08:49:37 GMT',
      'sun, 06 nov 1994 08:49:37 GMT',
      'Sun, 31 Feb 1994 08:49:37 GMT',
      'Sun, 06 Nov 1994 24:00:00 GMT',
      'Sun, 06 Nov 1994 08:49:60 GMT',
      'Sun, 06 Nov 0050 08:49:37 GMT',
      'Sun Nov 06 08:49:37 1994 GMT',
    ]) {
      expect(parseHttpDate(value), String(value)).to.equal(undefined);
    }
  });
});
