import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { Duplex } from 'node:stream';

import { expect } from 'chai';

import { RecordingLogger } from '@proj/application/testing';

import { clientErrorHandler } from '../../../../src/http/problems/client-error.js';

/** A raw HTTP answer split into its status line, headers (lower-cased names) and body. */
interface RawAnswer {
  readonly statusLine: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

function parseAnswer(raw: string): RawAnswer {
  const end = raw.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = raw.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { statusLine, headers, body: raw.slice(end + 4) };
}

/** A stand-in socket that records what is written and whether it was destroyed. */
class RecordingSocket extends Duplex {
  written = '';
  override _read(): void {}
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.written += chunk.toString('utf8');
    callback();
  }
}

describe('clientErrorHandler', () => {
  describe('on a real server, with raw sockets', () => {
    let server: Server;
    let logger: RecordingLogger;
    let port: number;

    beforeEach(async () => {
      logger = new RecordingLogger();
      server = createServer({ maxHeaderSize: 1024 }, (_req, res) => {
        res.end('served');
      });
      server.on('clientError', clientErrorHandler({ logger }));
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      port = (server.address() as AddressInfo).port;
    });

    afterEach(async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    });

    /** Sends `raw` as is and reads until the server closes the connection. */
    async function exchange(raw: string): Promise<string> {
      const socket = connect(port, '127.0.0.1');
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        received += chunk;
      });
      socket.on('error', () => undefined);
      socket.write(raw);
      await once(socket, 'close');
      return received;
    }

    function expectProblem(answer: RawAnswer, status: number, code: string): void {
      expect(answer.statusLine).to.match(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(answer.headers['content-type']).to.equal('application/problem+json; charset=utf-8');
      expect(answer.headers['connection']).to.equal('close');
      expect(answer.headers['cache-control']).to.equal('no-store');
      expect(Number(answer.headers['content-length'])).to.equal(Buffer.byteLength(answer.body));
      const problem = JSON.parse(answer.body) as Record<string, unknown>;
      expect(problem).to.include({ status, code });
      expect(problem['request_id']).to.equal(answer.headers['x-request-id']);
      expect(answer.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    }

    it('answers a malformed request line with 400 bad_request and closes the connection', async () => {
      const answer = parseAnswer(await exchange('THIS IS NOT HTTP\r\n\r\n'));
      expectProblem(answer, 400, 'bad_request');
      const logged = logger.entries.filter((entry) => entry.message === 'unparseable request rejected');
      expect(logged).to.have.length(1);
      expect(logged[0]?.level).to.equal('debug');
      expect(logged[0]?.fields).to.include({ status: 400, code: 'bad_request', request_id: answer.headers['x-request-id'] });
    });

    it('answers headers over the limit with 431 request_header_fields_too_large', async () => {
      const answer = parseAnswer(await exchange(`GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(4096)}\r\n\r\n`));
      expectProblem(answer, 431, 'request_header_fields_too_large');
      expect(logger.entries.find((entry) => entry.message === 'unparseable request rejected')?.fields).to.include({
        reason: 'HPE_HEADER_OVERFLOW',
      });
    });

    it('answers invalid header syntax with 400 bad_request', async () => {
      const answer = parseAnswer(await exchange('GET / HTTP/1.1\r\nHost: localhost\r\nBad Header Name: x\r\n\r\n'));
      expectProblem(answer, 400, 'bad_request');
    });

    it('leaves requests Node can parse to the request handler', async () => {
      const raw = await exchange('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
      expect(raw).to.match(/^HTTP\/1\.1 200 /);
      expect(raw.endsWith('served')).to.equal(true);
      expect(logger.entries.filter((entry) => entry.message === 'unparseable request rejected')).to.deep.equal([]);
    });
  });

  describe('called directly', () => {
    it('answers a request that took too long with 408 request_timeout', () => {
      const logger = new RecordingLogger();
      const socket = new RecordingSocket();
      clientErrorHandler({ logger })(Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket);
      const answer = parseAnswer(socket.written);
      expect(answer.statusLine).to.equal('HTTP/1.1 408 Request Timeout');
      expect(JSON.parse(answer.body)).to.include({ status: 408, code: 'request_timeout' });
    });

    it('answers oversized chunk extensions with 413 payload_too_large', () => {
      const socket = new RecordingSocket();
      clientErrorHandler({ logger: new RecordingLogger() })(
        Object.assign(new Error('too long'), { code: 'HPE_CHUNK_EXTENSIONS_OVERFLOW' }),
        socket,
      );
      expect(JSON.parse(parseAnswer(socket.written).body)).to.include({ status: 413, code: 'payload_too_large' });
    });

    it('answers an error without a code with 400 bad_request', () => {
      const socket = new RecordingSocket();
      clientErrorHandler({ logger: new RecordingLogger() })(new Error('unknown'), socket);
      expect(parseAnswer(socket.written).statusLine).to.equal('HTTP/1.1 400 Bad Request');
    });

    it('destroys a reset connection without writing or logging', () => {
      const logger = new RecordingLogger();
      const socket = new RecordingSocket();
      clientErrorHandler({ logger })(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), socket);
      expect(socket.destroyed).to.equal(true);
      expect(socket.written).to.equal('');
      expect(logger.entries).to.deep.equal([]);
    });

    it('destroys a socket that can no longer be written to, without writing or logging', () => {
      const logger = new RecordingLogger();
      const socket = new RecordingSocket();
      socket.end();
      expect(socket.writable).to.equal(false);
      clientErrorHandler({ logger })(Object.assign(new Error('bad'), { code: 'HPE_INVALID_METHOD' }), socket);
      expect(socket.destroyed).to.equal(true);
      expect(socket.written).to.equal('');
      expect(logger.entries).to.deep.equal([]);
    });
  });
});
