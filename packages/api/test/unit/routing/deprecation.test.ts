import { expect } from 'chai';

import { DEPRECATION_POLICY_LINK, deprecationHeaders } from '../../../src/routing/deprecation.js';

/** An RFC 9651 structured-field Date item (`@` and an integer), as RFC 9745 makes `Deprecation`. */
function parseStructuredDate(value: string): Date {
  const match = /^@(-?\d{1,15})$/.exec(value);
  if (match === null) throw new Error(`not a structured-field date: ${value}`);
  return new Date(Number(match[1]) * 1000);
}

/** An RFC 9110 IMF-fixdate, the HTTP-date form RFC 8594 requires of `Sunset`. */
function parseImfFixdate(value: string): Date {
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value))
    throw new Error(`not an IMF-fixdate: ${value}`);
  return new Date(Date.parse(value));
}

/** The links of an RFC 8288 `Link` value: target and parameters (no commas inside targets here). */
function parseLinks(value: string): Array<{ target: string; params: Record<string, string> }> {
  return value.split(/,\s*(?=<)/).map((link) => {
    const [target, ...params] = link.split(';').map((part) => part.trim());
    if (target === undefined || !/^<[^>]*>$/.test(target)) throw new Error(`not a link: ${link}`);
    return {
      target: target.slice(1, -1),
      params: Object.fromEntries(
        params.map((param) => {
          const [name = '', raw = ''] = param.split('=');
          return [name.toLowerCase(), raw.replace(/^"|"$/g, '')];
        }),
      ),
    };
  });
}

describe('deprecationHeaders', () => {
  describe('when the declaration is well formed', () => {
    const headers = deprecationHeaders({ since: '2026-12-02', sunset: '2027-06-30' });

    it('gives Deprecation as an RFC 9745 structured-field date of the day it was deprecated', () => {
      expect(parseStructuredDate(headers.Deprecation).toISOString()).to.equal('2026-12-02T00:00:00.000Z');
    });

    it('gives Sunset as an RFC 8594 HTTP-date of the sunset day', () => {
      expect(parseImfFixdate(headers.Sunset).toISOString()).to.equal('2027-06-30T00:00:00.000Z');
    });

    it('links to the versioning policy with rel="deprecation"', () => {
      expect(parseLinks(headers.Link)).to.deep.equal([
        { target: DEPRECATION_POLICY_LINK, params: { rel: 'deprecation', type: 'text/html' } },
      ]);
    });
  });

  describe('when the declaration is not', () => {
    it('throws for a malformed day, an impossible one, and a sunset not after the deprecation', () => {
      expect(() => deprecationHeaders({ since: '2026-12-2', sunset: '2027-06-30' })).to.throw(/YYYY-MM-DD/);
      expect(() => deprecationHeaders({ since: '2026-13-45', sunset: '2027-06-30' })).to.throw(/not a day/);
      expect(() => deprecationHeaders({ since: '2027-06-30', sunset: '2027-06-30' })).to.throw(/not after/);
    });
  });
});
