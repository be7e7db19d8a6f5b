import { expect } from 'chai';

import { encodeCommand, parseReply } from '../../src/resp.js';

describe('RESP', () => {
  it('encodes a command as an array of bulk strings, counting bytes rather than characters', () => {
    expect(encodeCommand(['SCAN', '0', 'MATCH', 'é*'])).to.equal('*4\r\n$4\r\nSCAN\r\n$1\r\n0\r\n$5\r\nMATCH\r\n$3\r\né*\r\n');
  });

  it('parses a SCAN reply: the next cursor and an array of keys', () => {
    const wire = Buffer.from('*2\r\n$2\r\n17\r\n*2\r\n$3\r\nk:1\r\n$3\r\nk:2\r\n');
    expect(parseReply(wire)).to.deep.equal({ reply: ['17', ['k:1', 'k:2']], next: wire.length });
  });

  it('parses simple strings, integers, nulls and errors', () => {
    expect(parseReply(Buffer.from('+PONG\r\n'))?.reply).to.equal('PONG');
    expect(parseReply(Buffer.from(':42\r\n'))?.reply).to.equal(42);
    expect(parseReply(Buffer.from('$-1\r\n'))?.reply).to.equal(null);
    const error = parseReply(Buffer.from('-ERR unknown command\r\n'))?.reply;
    expect(error).to.be.instanceOf(Error).with.property('message', 'ERR unknown command');
  });

  it('waits for the rest of a reply that arrived in part', () => {
    expect(parseReply(Buffer.from('*2\r\n$2\r\n17\r\n*1\r\n$3\r\nk:'))).to.equal(undefined);
    expect(parseReply(Buffer.from('$5\r\nab'))).to.equal(undefined);
  });
});
