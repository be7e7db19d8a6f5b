import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface HaproxyOptions {
  readonly port: number;
  readonly servers: readonly { readonly name: string; readonly port: number }[];
}

/**
 * HAProxy in front of the instances, as a production load balancer would be set up for this
 * service: round robin, readiness checks every 500 ms (down after 2 failures, up after 2
 * successes), and retries on another instance of requests that never reached one (connection
 * refused) or got no answer (a connection closed under them). Requests that may not be repeated
 * safely (a POST without an Idempotency-Key) are retried only when nothing was sent. Each answer
 * says which instance served it (`x-served-by`), or that none did (empty).
 */
export function haproxyConfig(options: HaproxyOptions): string {
  return [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 30s',
    '  timeout server 15s',
    '  timeout http-keep-alive 10s',
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure empty-response response-timeout',
    'frontend proj',
    `  bind 127.0.0.1:${options.port}`,
    '  default_backend instances',
    'backend instances',
    '  balance roundrobin',
    '  option httpchk GET /health/ready',
    '  http-check expect status 200',
    '  default-server inter 500ms fall 2 rise 2',
    '  http-request disable-l7-retry if METH_POST !{ req.hdr(idempotency-key) -m found }',
    '  http-after-response set-header x-served-by %[srv_name]',
    ...options.servers.map((server) => `  server ${server.name} 127.0.0.1:${server.port} check`),
    '',
  ].join('\n');
}

/** HAProxy in the foreground with `config`, its output appended to `logPath`; resolves once it accepts connections. */
export async function startHaproxy(binary: string, dir: string, options: HaproxyOptions): Promise<{ stop(): Promise<void> }> {
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, haproxyConfig(options));
  const child: ChildProcess = spawn(binary, ['-f', file, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited:\n${output}`);
    const answered = await fetch(`http://127.0.0.1:${options.port}/health/live`, { signal: AbortSignal.timeout(500) }).then(
      () => true,
      () => false,
    );
    if (answered) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`haproxy did not answer within 10 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    async stop(): Promise<void> {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
