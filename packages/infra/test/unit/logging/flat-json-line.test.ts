import { expect } from 'chai';
import { configure } from 'safe-stable-stringify';

import { flatJsonLine } from '../../../src/logging/flat-json-line.js';
import { redact, redactText } from '../../../src/logging/redact.js';

const TIMESTAMP = '2026-12-02T05:36:01.344Z';
const stringify = configure({ deterministic: true });

/** What winston's JSON pipeline in WinstonLogger writes: redaction, then the timestamp, then the deterministic stringifier. */
function throughWinstonsFormats(level: string, message: string, fields: Record<string, unknown>): string {
  const safe = redact(fields) as Record<string, unknown>;
  const line = stringify({ ...safe, level, message: redactText(message), timestamp: TIMESTAMP });
  if (line === undefined) throw new Error('safe-stable-stringify wrote nothing for an object');
  return line;
}

const ACCESS_LINE = {
  service: 'proj',
  env: 'production',
  request_id: 'b3f1c2d4-1111-2222-3333-444455556666',
  subject: 'bench',
  method: 'GET',
  route: '/v1/accounts/users/{user_id}',
  status: 200,
  duration_ms: 1.234,
};

describe('flatJsonLine', () => {
  it('writes the access line exactly as winston formats it', () => {
    expect(flatJsonLine('info', 'request completed', [ACCESS_LINE], TIMESTAMP)).to.equal(
      throughWinstonsFormats('info', 'request completed', ACCESS_LINE),
    );
  });

  it('is the same text as winston for every kind of flat value, secret and masked text included', () => {
    const lines: Array<[string, string, Record<string, unknown>]> = [
      [
        'warn',
        'user grace@example.com said "hi"\n',
        { note: 'tab\there, quote " and \\ backslash', count: -0, big: 1e21, ratio: Number.NaN },
      ],
      ['error', 'Bearer abc.def', { token: 'secret-value', api_key: 12, password: null, cookie: true }],
      ['debug', 'ünïcödé ✓ \ud83d\ude00 and a lone \ud800', { Zeta: 'Z', alpha: 'a', _under: '_', '10': 'ten', '9': 'nine', ok: false }],
      ['info', 'nothing else', {}],
      ['info', 'jwt', { request_id: 'eyJabc.eyJdef.sig', skipped: undefined, url: 'postgres://app:pw@db/app' }],
    ];
    for (const [level, message, fields] of lines) {
      expect(flatJsonLine(level, message, [fields], TIMESTAMP), message).to.equal(throughWinstonsFormats(level, message, fields));
    }
  });

  it('leaves to winston a line with a nested value, a bigint or a function, which its pipeline renders its own way', () => {
    for (const value of [{ nested: 1 }, [1, 2], new Date(0), 10n, () => 1, new Error('x'), Symbol('s')]) {
      expect(flatJsonLine('info', 'm', [{ value }], TIMESTAMP)).to.equal(undefined);
    }
  });

  it('leaves to winston the fields it gives a meaning of its own, and messages with printf tokens', () => {
    for (const key of ['level', 'message', 'stack', 'cause', 'timestamp']) {
      expect(flatJsonLine('info', 'm', [{ [key]: 'x' }], TIMESTAMP), key).to.equal(undefined);
    }
    expect(flatJsonLine('info', 'm', [JSON.parse('{"__proto__": "x"}') as Record<string, unknown>], TIMESTAMP)).to.equal(undefined);
    expect(flatJsonLine('info', '100% %s done', [{ a: 1 }], TIMESTAMP)).to.equal(undefined);
  });

  it('merges its layers of fields as a spread would, later layers winning, an undefined value removing the field', () => {
    const layers = [
      { service: 'proj', env: 'production', gone: 'x' },
      undefined,
      { request_id: 'r-1', subject: 'ctx' },
      { subject: 'child', gone: undefined },
      { status: 200, service: 'own' },
    ];
    const merged = Object.assign({}, ...layers.filter((layer) => layer !== undefined)) as Record<string, unknown>;
    expect(flatJsonLine('info', 'm', layers, TIMESTAMP)).to.equal(throughWinstonsFormats('info', 'm', merged));
    expect(flatJsonLine('info', 'm', layers, TIMESTAMP)).not.to.contain('gone');
  });

  it('leaves to winston a line whose winning value is not flat, even if an earlier layer had a flat one', () => {
    expect(flatJsonLine('info', 'm', [{ detail: 'text' }, { detail: { nested: true } }], TIMESTAMP)).to.equal(undefined);
  });

  it('ignores inherited properties, as winston does', () => {
    const fields = Object.create({ inherited: 'no' }) as Record<string, unknown>;
    fields['own'] = 'yes';
    expect(flatJsonLine('info', 'm', [fields], TIMESTAMP)).to.equal(throughWinstonsFormats('info', 'm', { own: 'yes' }));
  });
});
