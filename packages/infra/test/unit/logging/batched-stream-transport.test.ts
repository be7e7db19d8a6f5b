import { Writable } from 'node:stream';

import { expect } from 'chai';

import { WinstonLogger } from '../../../src/index.js';

describe('WinstonLogger output batching', () => {
  function capture(): { stream: Writable; writes: string[] } {
    const writes: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        writes.push(chunk.toString());
        callback();
      },
    });
    return { stream, writes };
  }
  const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const settings = { env: 'production', serviceName: 'proj', log: { level: 'info', format: 'json' } } as const;

  describe('when several lines are logged in one turn of the event loop', () => {
    it('writes them in one write, each still a whole JSON line, in order', async () => {
      const { stream, writes } = capture();
      const logger = WinstonLogger.create(settings, stream);
      for (let index = 0; index < 5; index += 1) logger.child({ request_id: `r-${index}` }).info('request completed', { status: 200 });
      expect(writes, 'nothing written before the turn ends').to.deep.equal([]);
      await nextTurn();
      await nextTurn();
      expect(writes).to.have.length(1);
      const lines = (writes[0] ?? '')
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.map((line) => line['request_id'])).to.deep.equal(['r-0', 'r-1', 'r-2', 'r-3', 'r-4']);
      await logger.close();
    });
  });

  describe('when an error is logged', () => {
    it('writes it at once, together with the lines waiting before it', async () => {
      const { stream, writes } = capture();
      const logger = WinstonLogger.create(settings, stream);
      logger.info('before');
      logger.error('it broke');
      await Promise.resolve();
      expect(writes.join('')).to.contain('"message":"before"').and.to.contain('"message":"it broke"');
      await logger.close();
    });
  });

  describe('when the logger is closed', () => {
    it('writes every pending line before close resolves', async () => {
      const { stream, writes } = capture();
      const logger = WinstonLogger.create(settings, stream);
      logger.info('one');
      logger.warn('two');
      await logger.close();
      const messages = writes
        .join('')
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as { message: string }).message);
      expect(messages).to.deep.equal(['one', 'two']);
    });
  });
});
