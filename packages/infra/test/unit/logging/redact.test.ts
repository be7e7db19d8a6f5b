import { Writable } from 'node:stream';

import { expect } from 'chai';

import { redact, redactText, WinstonLogger } from '../../../src/index.js';

describe('redact', () => {
  it('masks the local part of e-mail addresses in text', () => {
    expect(redactText('user ada.lovelace@example.com registered')).to.equal('user a***@example.com registered');
  });

  it('hides passwords embedded in URLs', () => {
    expect(redactText('postgres://app:s3cret@db:5432/app')).to.equal('postgres://app:***@db:5432/app');
  });

  it('hides bearer credentials and JWT-shaped strings in free text', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_Abc-123';
    expect(redactText(`header was Bearer ${jwt}`)).to.equal('header was Bearer [REDACTED]');
    expect(redactText(`token ${jwt} rejected`)).to.equal('token [REDACTED JWT] rejected');
  });

  it('runs in linear time on hostile text: sixteen times the text, about sixteen times the work (a ratio, side by side)', () => {
    const hostile = (n: number): string[] => [
      `${'a'.repeat(n)}!@`,
      `x://${'a'.repeat(n)} @`,
      'eyJ'.repeat(n / 3),
      `a@${'a.'.repeat(n / 2)}1 @`,
    ];
    // CPU time of this process, not wall time: another process taking the CPU does not count.
    const cpuMs = (texts: readonly string[]): number => {
      const before = process.cpuUsage();
      for (const text of texts) redactText(text);
      const spent = process.cpuUsage(before);
      return (spent.user + spent.system) / 1000;
    };
    const small = hostile(15_000);
    const large = hostile(240_000);
    cpuMs(small);
    cpuMs(large);
    const ratios = Array.from({ length: 9 }, () => cpuMs(large) / Math.max(cpuMs(small), 0.05)).sort((a, b) => a - b);
    // The median of nine side-by-side rounds. Linear: about 16; quadratic patterns would be about 256.
    expect(ratios[4]).to.be.below(64);
  });

  it('still masks addresses and tokens that follow other text', () => {
    expect(redactText('user=ada.lovelace@example.com;')).to.equal('user=a***@example.com;');
    expect(redactText('token:eyJabc.def.ghi')).to.equal('token:[REDACTED JWT]');
  });

  it('replaces fields named like secrets, at any depth', () => {
    expect(redact({ password: 'x', nested: { authorization: 'Bearer abc', apiKey: 'k', ok: 1 } })).to.deep.equal({
      password: '[REDACTED]',
      nested: { authorization: '[REDACTED]', apiKey: '[REDACTED]', ok: 1 },
    });
  });

  it('keeps errors readable but masked', () => {
    const out = redact(new Error('duplicate ada@example.com')) as { name: string; message: string };
    expect(out).to.include({ name: 'Error', message: 'duplicate a***@example.com' });
  });
});

describe('WinstonLogger', () => {
  function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString());
        callback();
      },
    });
    return {
      stream,
      lines: () =>
        chunks
          .join('')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Record<string, unknown>),
    };
  }

  it('writes one JSON object per line with service, env, level and timestamp, masked', async () => {
    const { stream, lines } = capture();
    const logger = WinstonLogger.create({ env: 'production', serviceName: 'proj', log: { level: 'info', format: 'json' } }, stream);
    logger.child({ request_id: 'r-1' }).info('created grace@example.com', { token: 'abc.def.ghi' });
    logger.debug('not at info level');
    await logger.close();
    const [line, ...rest] = lines();
    expect(rest).to.deep.equal([]);
    expect(line).to.include({
      level: 'info',
      message: 'created g***@example.com',
      service: 'proj',
      env: 'production',
      request_id: 'r-1',
      token: '[REDACTED]',
    });
    expect(line?.timestamp).to.be.a('string');
  });

  it('masks secrets and e-mail addresses inside errors, messages and nested fields of real output', async () => {
    const { stream, lines } = capture();
    const logger = WinstonLogger.create({ env: 'production', serviceName: 'proj', log: { level: 'info', format: 'json' } }, stream);
    const error = new Error('cannot connect to postgres://app:hunter2@db/app for ada@example.com');
    logger.error('request failed for ada@example.com with Bearer abc.def.ghi', {
      error,
      request: {
        headers: { authorization: 'Bearer abc.def.ghi', cookie: 'sid=1' },
        body: { email: 'ada@example.com', password: 'pw-123' },
      },
    });
    await logger.close();
    const output = JSON.stringify(lines());
    for (const secret of ['hunter2', 'ada@example.com', 'abc.def.ghi', 'sid=1', 'pw-123']) {
      expect(output, secret).not.to.contain(secret);
    }
    const [line] = lines();
    expect(line?.message).to.equal('request failed for a***@example.com with Bearer [REDACTED]');
    expect(line?.error).to.deep.include({ name: 'Error', message: 'cannot connect to postgres://app:***@db/app for a***@example.com' });
    expect(line?.request).to.deep.equal({
      headers: { authorization: '[REDACTED]', cookie: '[REDACTED]' },
      body: { email: 'a***@example.com', password: '[REDACTED]' },
    });
  });

  it('keeps the order of lines whether winston formats them (nested fields) or they are written flat', async () => {
    const { stream, lines } = capture();
    const logger = WinstonLogger.create({ env: 'production', serviceName: 'proj', log: { level: 'info', format: 'json' } }, stream);
    logger.info('first, flat', { n: 1 });
    logger.info('second, nested', { n: 2, nested: { a: 1 } });
    logger.info('third, flat', { n: 3 });
    logger.warn('fourth, flat', { n: 4 });
    logger.debug('below the level, flat', { n: 5 });
    logger.info('fifth, no fields');
    await logger.close();
    expect(lines().map((line) => line.n ?? line.message)).to.deep.equal([1, 2, 3, 4, 'fifth, no fields']);
    expect(lines()[1]).to.deep.include({ nested: { a: 1 }, service: 'proj', env: 'production', level: 'info' });
    expect(lines()[2]).to.have.keys(['env', 'level', 'message', 'n', 'service', 'timestamp']);
  });

  it('writes a flat line with the fields of its context, its child loggers and its own, in that order of precedence', async () => {
    const { stream, lines } = capture();
    const logger = WinstonLogger.create({ env: 'production', serviceName: 'proj', log: { level: 'info', format: 'json' } }, stream, {
      context: () => ({ request_id: 'from-context', trace_id: 't-1' }),
    });
    logger.child({ request_id: 'from-child', subject: 'ada' }).info('line', { subject: 'own', service: 'own-service' });
    logger.info('bare');
    await logger.close();
    expect(lines()[0]).to.deep.include({
      request_id: 'from-child',
      trace_id: 't-1',
      subject: 'own',
      service: 'own-service',
      env: 'production',
    });
    expect(lines()[1]).to.deep.include({ request_id: 'from-context', message: 'bare', service: 'proj' });
  });

  it('writes short human lines in the pretty format, still masked and still carrying the request id', async () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString());
        callback();
      },
    });
    const logger = WinstonLogger.create({ env: 'development', serviceName: 'proj', log: { level: 'debug', format: 'pretty' } }, stream);
    logger.child({ request_id: 'r-9' }).debug('hello ada@example.com');
    await logger.close();
    const text = chunks.join('');
    expect(() => JSON.parse(text) as unknown).to.throw();
    expect(text).to.match(/^\d\d:\d\d:\d\d\.\d{3} .*debug.* hello a\*\*\*@example\.com \{"request_id":"r-9"\}\n$/);
  });
});
