import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';

import { expect } from 'chai';

import { AsyncLocalRequestScope, WinstonLogger } from '../../../src/index.js';

describe('AsyncLocalRequestScope with the WinstonLogger', () => {
  let lines: Record<string, unknown>[];
  let scope: AsyncLocalRequestScope;
  let logger: WinstonLogger;

  beforeEach(() => {
    lines = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString().trimEnd().split('\n')) lines.push(JSON.parse(line) as Record<string, unknown>);
        callback();
      },
    });
    scope = new AsyncLocalRequestScope();
    logger = WinstonLogger.create({ env: 'production', serviceName: 'proj', log: { level: 'info', format: 'json' } }, stream, {
      context: scope.fields,
    });
  });

  /** Every line written so far, once the logger has flushed them. */
  async function written(): Promise<Record<string, unknown>[]> {
    await logger.close();
    return lines;
  }

  it('adds the request id to the lines the root logger writes inside the scope, and to no other', async () => {
    logger.info('before');
    scope.run('req-1', [], () => logger.warn('redis unreachable'));
    logger.info('after');
    const [before, inside, after] = await written();
    expect(inside).to.include({ message: 'redis unreachable', request_id: 'req-1' });
    expect(before).not.to.have.property('request_id');
    expect(after).not.to.have.property('request_id');
  });

  it('keeps the id in work the request started that runs after it returned (timers, promises)', async () => {
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    scope.run('req-2', [], () => {
      setImmediate(() => {
        void Promise.resolve().then(() => {
          logger.info('background retry');
          finished();
        });
      });
    });
    logger.info('between');
    await done;
    const byMessage = new Map((await written()).map((line) => [line['message'], line]));
    expect(byMessage.get('background retry')).to.include({ request_id: 'req-2' });
    expect(byMessage.get('between')).not.to.have.property('request_id');
  });

  it('runs listeners added to the request streams inside the scope in it, even when the event comes from outside', async () => {
    const incoming = new EventEmitter();
    const onData = (): void => logger.info('chunk');
    scope.run('req-3', [incoming], () => {
      incoming.on('data', onData);
      incoming.once('end', () => logger.info('body read'));
    });
    incoming.emit('data');
    incoming.emit('end');
    incoming.emit('end');
    incoming.removeListener('data', onData);
    incoming.emit('data');
    expect(incoming.listenerCount('data')).to.equal(0);
    const messages = (await written()).map((line) => [line['message'], line['request_id']]);
    expect(messages).to.deep.equal([
      ['chunk', 'req-3'],
      ['body read', 'req-3'],
    ]);
  });

  it("lets a line's own fields and a child's fields win over the scope's", async () => {
    scope.run('req-4', [], () => {
      logger.child({ request_id: 'bound' }).info('child');
      logger.info('own', { request_id: 'own' });
    });
    const [child, own] = await written();
    expect(child).to.include({ request_id: 'bound' });
    expect(own).to.include({ request_id: 'own' });
  });
});
