import {
  CaptureArtifactCommand,
  CreateSubspaceCommand,
  RecordSignalCommand,
  SystemConfigKeys,
  type ArtifactRepository,
  type AssignmentMarginService,
  type SubspaceRepository,
} from '@proj/application';
import { ArtifactId, SubspaceId } from '@proj/domain';

import { DEMO_USER_ID } from './demo-users.js';

/** The demo user's interest regions; artifact topics refer to them by position. */
const DEMO_SUBSPACES = ['Machine learning', 'Distributed systems', 'Cooking'] as const;

interface DemoArtifact {
  readonly url: string;
  readonly title: string;
  /** Positions in DEMO_SUBSPACES the content is about; two make an artifact between topics (ambiguous). */
  readonly topics: readonly number[];
  /** The reading depth of each signal, first to last. */
  readonly readings: readonly number[];
}

const DEMO_ARTIFACTS: readonly DemoArtifact[] = [
  { url: 'https://example.com/papers/transformers', title: 'Transformers, explained', topics: [0], readings: [0.4, 1.0] },
  { url: 'https://example.com/papers/embeddings', title: 'What embeddings are', topics: [0], readings: [0.8] },
  { url: 'https://example.com/blog/gradient-descent', title: 'Gradient descent by hand', topics: [0], readings: [0.05] },
  {
    url: 'https://example.com/papers/raft',
    title: 'In search of an understandable consensus algorithm',
    topics: [1],
    readings: [0.3, 1.2],
  },
  { url: 'https://example.com/blog/idempotency-keys', title: 'Idempotency keys in practice', topics: [1], readings: [0.6] },
  { url: 'https://example.com/papers/dynamo', title: 'Dynamo: a highly available key-value store', topics: [1], readings: [0.2] },
  { url: 'https://example.com/recipes/sourdough', title: 'Sourdough from scratch', topics: [2], readings: [1.0, 1.5] },
  { url: 'https://example.com/recipes/ramen', title: 'Weeknight ramen', topics: [2], readings: [0.15] },
  { url: 'https://example.com/papers/distributed-training', title: 'Training models on many machines', topics: [0, 1], readings: [0.7] },
  { url: 'https://example.com/notes/untitled-note', title: 'A note on nothing in particular', topics: [], readings: [0.02] },
];

/** Fixed times, so every run seeds the same data. */
const FIRST_AT = Date.UTC(2026, 0, 2, 9, 0, 0);
const MINUTE = 60_000;

/** A UUID of the demo data: the first demo user's id prefix, a kind digit (a artifact, b subspace, c signal) and a counter. */
function demoId(kind: 'a' | 'b' | 'c', index: number): string {
  return `019b78c9-0a80-7000-8000-0000000${kind}${(index + 1).toString(16).padStart(4, '0')}`;
}

/** Deterministic numbers in [-1, 1) (mulberry32): synthetic embeddings that are the same on every machine. */
function numbers(seed: number, count: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  });
}

/** A synthetic embedding: the mean of its topics' directions plus a little noise of its own. */
function embeddingOf(topics: readonly number[], noiseSeed: number, dimension: number): number[] {
  const noise = numbers(noiseSeed, dimension);
  const directions = topics.map((topic) => numbers(1000 + topic, dimension));
  return noise.map((n, i) => directions.reduce((sum, direction) => sum + (direction[i] as number), 0) + 0.25 * n);
}

export interface CaptureSeedResult {
  readonly subspaces: number;
  readonly artifacts: number;
  readonly alreadyPresent: number;
}

/**
 * Gives the first demo user subspaces and captured artifacts with synthetic embeddings, through the
 * same repository writes as the API (levels, assignment and counts are the database's). Idempotent:
 * what exists (by id) is left as it is.
 */
export async function seedDemoCapture(
  deps: { readonly artifacts: ArtifactRepository; readonly subspaces: SubspaceRepository; readonly assignment: AssignmentMarginService },
  dimension: number,
): Promise<CaptureSeedResult> {
  let subspaces = 0;
  let artifacts = 0;
  let alreadyPresent = 0;
  for (const [index, name] of DEMO_SUBSPACES.entries()) {
    const id = demoId('b', index);
    if (await deps.subspaces.findById(SubspaceId.of(id))) {
      alreadyPresent += 1;
      continue;
    }
    const centroid = numbers(1000 + index, dimension);
    await deps.subspaces.create(CreateSubspaceCommand.create({ userId: DEMO_USER_ID, name, centroid }, dimension), {
      id,
      at: new Date(FIRST_AT + index * MINUTE),
    });
    subspaces += 1;
  }
  const thresholds = {
    minMargin: SystemConfigKeys.assignmentMinMargin.defaultValue,
    minSimilarity: SystemConfigKeys.assignmentMinSimilarity.defaultValue,
  };
  let signal = 0;
  for (const [index, demo] of DEMO_ARTIFACTS.entries()) {
    const id = demoId('a', index);
    const at = FIRST_AT + (index + 10) * MINUTE;
    const [first = 0.5, ...later] = demo.readings;
    signal += demo.readings.length;
    if (await deps.artifacts.findById(ArtifactId.of(id))) {
      alreadyPresent += 1;
      continue;
    }
    const command = CaptureArtifactCommand.create(
      {
        userId: DEMO_USER_ID,
        url: demo.url,
        title: demo.title,
        embedding: embeddingOf(demo.topics, index + 1, dimension),
        readingDepth: first,
        occurredAt: new Date(at),
      },
      dimension,
    );
    const assignment = await deps.assignment.assign({ userId: command.userId, embedding: command.embedding, thresholds });
    const signalIds = Array.from({ length: demo.readings.length }, (_, n) => demoId('c', signal - demo.readings.length + n));
    await deps.artifacts.ingestWithSignal(command, { artifactId: id, signalId: signalIds[0] as string, at: new Date(at), assignment });
    for (const [n, depth] of later.entries()) {
      const occurredAt = new Date(at + (n + 1) * 24 * 60 * MINUTE);
      await deps.artifacts.recordSignal(RecordSignalCommand.create({ artifactId: id, readingDepth: depth, occurredAt }), {
        signalId: signalIds[n + 1] as string,
        at: occurredAt,
      });
    }
    artifacts += 1;
  }
  return { subspaces, artifacts, alreadyPresent };
}

export const DEMO_CAPTURE_COUNTS = { subspaces: DEMO_SUBSPACES.length, artifacts: DEMO_ARTIFACTS.length } as const;
