import { expect } from 'chai';

import { haproxyConfig } from '../../../src/scale/haproxy.js';

describe('haproxyConfig', () => {
  const config = haproxyConfig({
    port: 8080,
    servers: [
      { name: 's1', port: 3001 },
      { name: 's2', port: 3002 },
    ],
  });

  it('listens on the loopback interface and balances over every instance with readiness checks', () => {
    expect(config).to.contain('bind 127.0.0.1:8080');
    expect(config).to.contain('option httpchk GET /health/ready');
    expect(config).to.contain('server s1 127.0.0.1:3001 check').and.contain('server s2 127.0.0.1:3002 check');
  });

  it('retries on another instance only what is safe to repeat, and names the instance that answered', () => {
    expect(config).to.contain('retry-on conn-failure empty-response response-timeout');
    expect(config).to.contain('http-request disable-l7-retry if METH_POST !{ req.hdr(idempotency-key) -m found }');
    expect(config).to.contain('x-served-by %[srv_name]');
  });
});
