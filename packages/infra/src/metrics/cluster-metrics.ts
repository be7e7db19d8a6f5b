import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';

import { AggregatorRegistry, type Registry } from 'prom-client';

/** A worker asks the primary for the metrics of every worker, summed. */
interface MetricsRequest {
  readonly type: 'proj:cluster-metrics';
  readonly id: string;
}

interface MetricsAnswer {
  readonly type: 'proj:cluster-metrics-answer';
  readonly id: string;
  readonly text?: string;
  readonly error?: string;
}

const REQUEST = 'proj:cluster-metrics';
const ANSWER = 'proj:cluster-metrics-answer';
const TIMEOUT_MS = 6_000;

const isRequest = (message: unknown): message is MetricsRequest =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === REQUEST;
const isAnswer = (message: unknown): message is MetricsAnswer =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === ANSWER;

/**
 * In the primary of a cluster: answers a worker's request for the metrics of the whole cluster
 * by asking every worker for its registry (prom-client's AggregatorRegistry) and summing them.
 */
export function answerClusterMetricsRequests(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isRequest(message)) return;
    const answer = (fields: Omit<MetricsAnswer, 'type' | 'id'>): void => {
      if (worker.isConnected()) worker.send({ type: ANSWER, id: message.id, ...fields } satisfies MetricsAnswer);
    };
    aggregator.clusterMetrics().then(
      (text) => answer({ text }),
      (error: unknown) => answer({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

/**
 * In a worker: offers `registry` to the primary's aggregation, and returns a function that gets the
 * cluster's metrics from the primary (what `GET /metrics` answers, whichever worker serves it).
 */
export function clusterMetricsFromPrimary(registry: Registry): () => Promise<string> {
  // Constructing one installs prom-client's worker-side listener.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  return () =>
    new Promise((resolve, reject) => {
      const id = randomUUID();
      const onMessage = (message: unknown): void => {
        if (!isAnswer(message) || message.id !== id) return;
        clearTimeout(timer);
        process.off('message', onMessage);
        if (message.text !== undefined) resolve(message.text);
        else reject(new Error(`the cluster's metrics could not be gathered: ${message.error ?? 'no answer'}`));
      };
      const timer = setTimeout(() => {
        process.off('message', onMessage);
        reject(new Error(`the primary did not send the cluster's metrics within ${TIMEOUT_MS} ms`));
      }, TIMEOUT_MS);
      process.on('message', onMessage);
      process.send?.({ type: REQUEST, id } satisfies MetricsRequest);
    });
}
