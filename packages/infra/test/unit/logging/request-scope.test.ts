import { createServer, request as httpRequest, IncomingMessage, ServerResponse } from 'node:http';
import { Socket, type AddressInfo } from 'node:net';
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

  it('runs listeners added to the request streams inside the scope in it, though their events come from the connection', async () => {
    const server = createServer((req, res) => {
      scope.run('req-3', [req, res], () => {
        req.on('data', () => logger.info('chunk'));
        req.once('end', () => {
          logger.info('body read');
          res.end('done');
        });
        res.prependOnceListener('finish', () => logger.info('answered'));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await new Promise<string>((resolve, reject) => {
        const outgoing = httpRequest({ port, host: '127.0.0.1', method: 'POST' }, (res) => {
          res.setEncoding('utf8');
          let body = '';
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve(body));
        });
        outgoing.on('error', reject);
        outgoing.end('a body');
      });
      expect(answer).to.equal('done');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const lines = await written();
    expect(lines.map((line) => line['request_id'])).to.satisfy((ids: unknown[]) => ids.every((id) => id === 'req-3'));
    expect(lines.map((line) => line['message'])).to.include.members(['chunk', 'body read', 'answered']);
  });

  describe('the listeners of the request streams', () => {
    function streams(): { req: IncomingMessage; res: ServerResponse } {
      const req = new IncomingMessage(new Socket());
      return { req, res: new ServerResponse(req) };
    }

    it('are removed by the function that was added, and listed as it, whichever method added them', () => {
      const { req, res } = streams();
      const onData = (): void => logger.info('chunk');
      const onEnd = (): void => logger.info('end');
      const onFinish = (): void => logger.info('finish');
      scope.run('req-5', [req, res], () => {
        req.on('data', onData);
        req.once('end', onEnd);
        res.prependOnceListener('finish', onFinish);
        res.addListener('close', onFinish);
      });
      expect(req.listeners('data')).to.deep.equal([onData]);
      expect(req.listeners('end')).to.deep.equal([onEnd]);
      expect(req.rawListeners('data')[0]).not.to.equal(onData);
      req.removeListener('data', onData);
      req.off('end', onEnd);
      res.removeListener('finish', onFinish);
      res.off('close', onFinish);
      expect([req.listenerCount('data'), req.listenerCount('end')]).to.deep.equal([0, 0]);
      expect([res.listenerCount('finish'), res.listenerCount('close')]).to.deep.equal([0, 0]);
    });

    it('run once when added with once, inside the scope, even when the event is emitted again', async () => {
      const { req } = streams();
      scope.run('req-6', [req], () => req.once('end', () => logger.info('end')));
      req.emit('end');
      req.emit('end');
      expect(req.listenerCount('end')).to.equal(0);
      expect((await written()).map((line) => [line['message'], line['request_id']])).to.deep.equal([['end', 'req-6']]);
    });

    it('give the request and the response no property of their own (every request keeps the same shape)', () => {
      const listen = ({ req, res }: { req: IncomingMessage; res: ServerResponse }): void => {
        req.on('end', () => undefined);
        res.once('finish', () => undefined);
      };
      const outside = streams();
      listen(outside);
      const inside = streams();
      scope.run('req-7', [inside.req, inside.res], () => listen(inside));
      expect([Reflect.ownKeys(inside.req), Reflect.ownKeys(inside.res)]).to.deep.equal([
        Reflect.ownKeys(outside.req),
        Reflect.ownKeys(outside.res),
      ]);
    });

    it("are left as they are on streams that are not the scope's, and outside any scope", async () => {
      const { req } = streams();
      const other = streams().req;
      const onEnd = (): void => logger.info('end');
      scope.run('req-8', [req], () => other.on('end', onEnd));
      req.on('end', onEnd);
      expect([other.rawListeners('end')[0], req.rawListeners('end')[0]]).to.deep.equal([onEnd, onEnd]);
      other.emit('end');
      expect(await written()).to.satisfy((lines: Record<string, unknown>[]) => lines.every((line) => !('request_id' in line)));
    });
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
