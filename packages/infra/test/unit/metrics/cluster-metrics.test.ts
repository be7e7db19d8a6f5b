import cluster, { type Worker } from 'node:cluster';

import { expect } from 'chai';

import { answerClusterMetricsRequests, PrometheusMetrics } from '../../../src/index.js';

type Message = Record<string, unknown>;

describe('cluster metrics', () => {
  describe('in a worker (PrometheusMetrics with clusterWorker)', () => {
    // The test process is normally not a child with an IPC channel: it has no process.send.
    const originalSend = process.send?.bind(process);
    let sent: Message[];

    beforeEach(() => {
      sent = [];
      // This test process plays a worker: what it sends goes to a fake primary.
      process.send = ((message: Message) => {
        sent.push(message);
        return true;
      }) as typeof process.send;
    });

    afterEach(() => {
      if (originalSend === undefined) delete process.send;
      else process.send = originalSend;
    });

    const answer = (fields: Message): void => {
      const request = sent.at(-1);
      process.emit('message', { type: 'proj:cluster-metrics-answer', id: request?.['id'], ...fields }, undefined);
    };

    it("renders what the primary answers: every worker's metrics, summed", async () => {
      const metrics = new PrometheusMetrics({ serviceName: 'proj', processMetrics: false, clusterWorker: true });
      const rendered = metrics.render();
      expect(sent).to.have.length(1);
      expect(sent[0]).to.include({ type: 'proj:cluster-metrics' });
      process.emit('message', { type: 'proj:cluster-metrics-answer', id: 'another request', text: 'not ours' }, undefined);
      answer({ text: 'http_request_duration_seconds_count 12\n' });
      expect(await rendered).to.equal('http_request_duration_seconds_count 12\n');
    });

    it('fails the scrape with the reason the primary gives', async () => {
      const metrics = new PrometheusMetrics({ serviceName: 'proj', processMetrics: false, clusterWorker: true });
      const rendered = metrics.render();
      answer({ error: 'Operation timed out.' });
      await expect(rendered).to.be.rejectedWith("the cluster's metrics could not be gathered: Operation timed out.");
    });
  });

  describe('in the primary (answerClusterMetricsRequests)', () => {
    it("answers a worker's request with the summed metrics of the workers (none here) under the request's id", async () => {
      answerClusterMetricsRequests();
      const answers: Message[] = [];
      const worker = { isConnected: () => true, send: (message: Message) => answers.push(message) } as unknown as Worker;
      cluster.emit('message', worker, { type: 'proj:cluster-metrics', id: 'r-1' });
      cluster.emit('message', worker, { type: 'something else' });
      // The answer is sent once prom-client's aggregation resolved: let the event loop turn until then.
      for (let turn = 0; turn < 1_000 && answers.length === 0; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      expect(answers).to.deep.equal([{ type: 'proj:cluster-metrics-answer', id: 'r-1', text: '' }]);
    });
  });
});
