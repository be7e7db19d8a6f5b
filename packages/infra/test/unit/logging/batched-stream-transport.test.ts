import { Writable } from 'node:stream';

import { expect } from 'chai';

import { WinstonLogger } from '../../../src/index.js';

describe('WinstonLogger output batching', () => {
  const settings = { env: 'production', serviceName: 'proj', log: { level: 'info', format: 'json' } } as const;

  /** A JSON logger writing to a stream that keeps each write it gets. */
  function capturedLogger(): { logger: WinstonLogger; writes: string[] } {
    const writes: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        writes.push(chunk.toString());
        callback();
      },
    });
    return { logger: WinstonLogger.create(settings, stream), writes };
  }

  /** The JSON lines of `text`, parsed. */
  const jsonLines = (text: string): Array<Record<string, unknown>> =>
    text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  describe('when several lines are logged in one turn of the event loop', () => {
    it('writes them in one write, each still a whole JSON line, in order', async () => {
      const { logger, writes } = capturedLogger();
      for (let index = 0; index < 5; index += 1) logger.child({ request_id: `r-${index}` }).info('request completed', { status: 200 });
      expect(writes, 'nothing written before the turn ends').to.deep.equal([]);
      await nextTurn();
      await nextTurn();
      expect(writes).to.have.length(1);
      expect(jsonLines(writes[0] ?? '').map((line) => line['request_id'])).to.deep.equal(['r-0', 'r-1', 'r-2', 'r-3', 'r-4']);
      await logger.close();
    });
  });

  describe('when an error is logged', () => {
    it('writes it at once, together with the lines waiting before it', async () => {
      const { logger, writes } = capturedLogger();
      logger.info('before');
      logger.error('it broke');
      await Promise.resolve();
      expect(writes.join('')).to.contain('"message":"before"').and.to.contain('"message":"it broke"');
      await logger.close();
    });
  });

  describe('when the logger is closed', () => {
    it('writes every pending line before close resolves', async () => {
      const { logger, writes } = capturedLogger();
      logger.info('one');
      logger.warn('two');
      await logger.close();
      expect(jsonLines(writes.join('')).map((line) => line['message'])).to.deep.equal(['one', 'two']);
    });
  });
});
