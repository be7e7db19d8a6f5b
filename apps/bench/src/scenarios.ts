/** One HTTP request as the load generator sends it. */
export interface BenchRequest {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly path: string;
  readonly body?: string;
}

/** What a scenario needs to know about the data and the target it runs against. */
export interface ScenarioData {
  /** Ids of the seeded users. */
  readonly userIds: readonly string[];
  /** Cursors of list pages, in the target's own format (the service signs its cursors). */
  readonly cursors: readonly string[];
  /** Makes e-mail addresses (and captured URLs) unique to one run of one target. */
  readonly emailTag: string;
  /** Capture: the user whose {@link artifactIds} the reads use, and the user the captures go to (another, so that the first keeps its count). */
  readonly capture?: {
    readonly artifactIds: readonly string[];
    readonly capturingUserId: string;
    /** Embeddings of the service's dimension to capture with (the same few, reused). */
    readonly embeddings: readonly (readonly number[])[];
  };
}

/** Random numbers in [0, 1); injectable so that tests are deterministic. */
type Random = () => number;

const SCENARIO_IDS = ['get-warm', 'get-cold', 'list', 'post', 'patch', 'mix', 'capture-post', 'capture-get', 'capture-similar'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export interface Scenario {
  readonly id: ScenarioId;
  readonly title: string;
  /** Statuses that are not errors. */
  readonly expectedStatuses: readonly number[];
  /** At most this many connections, whatever `--connections` says (a request that keeps the database busy for long). */
  readonly maxConnections?: number;
  /** Only the service has these routes: no baseline row, no ratio. */
  readonly serviceOnly?: boolean;
  /** Makes the next request. Stateful (counters), so each run gets a fresh one. */
  requests(data: ScenarioData, random: Random): () => BenchRequest;
}

const USERS = '/v1/accounts/users';
const ARTIFACTS = '/v1/capture/artifacts';
/** Concurrent similar searches: each one keeps a database core busy for about 40 ms (decision 0125). */
const SIMILAR_CONNECTIONS = 4;
/** Share of reads in the mix. */
const MIX_READ_SHARE = 0.9;

const pick = <T>(items: readonly T[], random: Random): T => {
  if (items.length === 0) throw new Error('nothing to pick from');
  return items[Math.floor(random() * items.length)] as T;
};

const getById = (data: ScenarioData, random: Random): BenchRequest => ({ method: 'GET', path: `${USERS}/${pick(data.userIds, random)}` });

/** Numbers the requests it makes, from 1: the n-th is `request(n)`, so each can carry something new. */
function numbered(request: (n: number) => BenchRequest): () => BenchRequest {
  let count = 0;
  return () => {
    count += 1;
    return request(count);
  };
}

function renames(data: ScenarioData, random: Random): () => BenchRequest {
  // A new name every time, so that every PATCH changes the row (an unchanged name writes nothing).
  return numbered((n) => ({
    method: 'PATCH',
    path: `${USERS}/${pick(data.userIds, random)}`,
    body: JSON.stringify({ full_name: `Renamed ${data.emailTag} ${n}` }),
  }));
}

function captureData(data: ScenarioData): NonNullable<ScenarioData['capture']> {
  if (data.capture === undefined) throw new Error('a capture scenario needs capture data');
  return data.capture;
}

/** GETs of `${ARTIFACTS}/<a seeded artifact, at random>${suffix}`. */
function artifactGets(data: ScenarioData, random: Random, suffix: string): () => BenchRequest {
  const capture = captureData(data);
  return () => ({ method: 'GET', path: `${ARTIFACTS}/${pick(capture.artifactIds, random)}${suffix}` });
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'get-warm',
    title: 'GET by id, cache warm',
    expectedStatuses: [200],
    requests: (data, random) => () => getById(data, random),
  },
  {
    id: 'get-cold',
    title: 'GET by id, cache off',
    expectedStatuses: [200],
    requests: (data, random) => () => getById(data, random),
  },
  {
    id: 'list',
    title: 'list page (20, keyset cursor)',
    expectedStatuses: [200],
    requests: (data, random) => () => ({
      method: 'GET',
      path: `${USERS}?limit=20&cursor=${encodeURIComponent(pick(data.cursors, random))}`,
    }),
  },
  {
    id: 'post',
    title: 'POST (register)',
    expectedStatuses: [201],
    requests: (data) =>
      numbered((n) => ({
        method: 'POST',
        path: USERS,
        body: JSON.stringify({ email: `bench-${data.emailTag}-${n}@example.com`, full_name: 'Bench Person' }),
      })),
  },
  {
    id: 'patch',
    title: 'PATCH (rename)',
    expectedStatuses: [200],
    requests: (data, random) => renames(data, random),
  },
  {
    id: 'mix',
    title: '90/10 mix (GET by id / PATCH)',
    expectedStatuses: [200],
    requests: (data, random) => {
      const write = renames(data, random);
      return () => (random() < MIX_READ_SHARE ? getById(data, random) : write());
    },
  },
  {
    id: 'capture-post',
    title: 'capture POST (new artifact, 384-d embedding)',
    expectedStatuses: [201],
    serviceOnly: true,
    requests: (data, random) => {
      const capture = captureData(data);
      return numbered((n) => ({
        method: 'POST',
        path: ARTIFACTS,
        body: JSON.stringify({
          user_id: capture.capturingUserId,
          url: `https://bench.example/${data.emailTag}/${n}`,
          embedding: pick(capture.embeddings, random),
          reading_depth: Math.round(random() * 150) / 100,
        }),
      }));
    },
  },
  {
    id: 'capture-get',
    title: 'capture GET artifact by id',
    expectedStatuses: [200],
    serviceOnly: true,
    requests: (data, random) => artifactGets(data, random, ''),
  },
  {
    id: 'capture-similar',
    title: `capture similar (10, among 10 000 × 384-d), ${SIMILAR_CONNECTIONS} connections`,
    expectedStatuses: [200],
    maxConnections: SIMILAR_CONNECTIONS,
    serviceOnly: true,
    requests: (data, random) => artifactGets(data, random, '/similar?limit=10'),
  },
];

export function scenarioById(id: string): Scenario {
  const scenario = SCENARIOS.find((candidate) => candidate.id === id);
  if (!scenario) throw new Error(`unknown scenario ${id}: expected one of ${SCENARIO_IDS.join(', ')}`);
  return scenario;
}
