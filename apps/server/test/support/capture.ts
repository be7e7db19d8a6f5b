import type request from 'supertest';

import { forSuite } from './for-suite.js';
import { newUserBody } from './http.js';
import { startTestApp, type TestApp } from './test-server.js';

export const ARTIFACTS = '/v1/capture/artifacts';
export const SUBSPACES = '/v1/capture/subspaces';
/** A well-formed id that no artifact, subspace or user has. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-00000000dead';

/** An artifact as the capture API answers with it. */
export interface WireArtifact {
  readonly id: string;
  readonly user_id: string;
  readonly url: string;
  readonly title: string | null;
  readonly engagement_level: string;
  readonly max_reading_depth: number;
  readonly signal_count: number;
  readonly subspace_id: string | null;
  readonly assignment: { readonly status: string; readonly similarity: number | null; readonly margin: number | null };
  readonly captured_at: string;
  readonly last_signal_at: string;
  readonly created_at: string;
  readonly updated_at: string;
}

/** A signal as the capture API answers with it. */
export interface WireSignal {
  readonly id: string;
  readonly artifact_id: string;
  readonly reading_depth: number;
  readonly occurred_at: string;
  readonly level_after: string;
}

/** A subspace as the capture API answers with it. */
export interface WireSubspace {
  readonly id: string;
  readonly user_id: string;
  readonly name: string;
  readonly artifact_count: number;
  readonly created_at: string;
}

/** Registers a user through the accounts API and returns its id. */
export async function newUser(api: request.Agent): Promise<string> {
  const created = await api.post('/v1/accounts/users').send(newUserBody()).expect(201);
  return (created.body as { id: string }).id;
}

/**
 * The app of a capture `describe`, with embeddings of `dimension` numbers and a `user` of its own,
 * registered once the app started (see {@link forSuite}).
 */
export function captureAppForSuite(dimension: number): TestApp & { readonly user: string } {
  return forSuite(
    async () => {
      const app = await startTestApp({ PROJ_CAPTURE_EMBEDDING_DIMENSION: String(dimension) });
      try {
        return { ...app, user: await newUser(app.api) };
      } catch (error) {
        await app.close();
        throw error;
      }
    },
    (app) => app.close(),
  );
}

/** A capture body for `userId`, with a unique URL unless one is given. */
export function captureBody(
  userId: string,
  embedding: readonly number[],
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    user_id: userId,
    url: `https://example.com/${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
    embedding,
    reading_depth: 0.7,
    ...overrides,
  };
}

/** A vector of `dimension` numbers pointing mostly along axis `axis`, tilted towards the next one by `tilt`. */
export function axis(dimension: number, index: number, tilt = 0): number[] {
  const values = new Array<number>(dimension).fill(0);
  values[index % dimension] = 1;
  values[(index + 1) % dimension] = tilt;
  return values;
}
