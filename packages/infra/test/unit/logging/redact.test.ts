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
    return { stream, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
  }

  it('writes one JSON object per line with service, env, level and timestamp, masked', async () => {
    const { stream, lines } = capture();
    const logger = WinstonLogger.create({ env: 'production', serviceName: 'proj', log: { level: 'info', format: 'json' } }, stream);
    logger.child({ request_id: 'r-1' }).info('created grace@example.com', { token: 'abc.def.ghi' });
    logger.debug('not at info level');
    await logger.close();
    const [line, ...rest] = lines();
    expect(rest).to.deep.equal([]);
    expect(line).to.include({ level: 'info', message: 'created g***@example.com', service: 'proj', env: 'production', request_id: 'r-1', token: '[REDACTED]' });
    expect(line?.timestamp).to.be.a('string');
  });
});
