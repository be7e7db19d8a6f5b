import { expect } from 'chai';

import {
  ArtifactId,
  EngagementLevel,
  InvalidCaptureFieldError,
  OwnerId,
  SubspaceAlreadyExistsError,
  SubspaceId,
  UnknownCaptureUserError,
  type Assignment,
} from '@proj/domain';

import type { ArtifactRepository, IngestStamp, SignalOutcome } from '../capture/artifact-repository.js';
import type { AssignmentMarginService } from '../capture/assignment-margin-service.js';
import { CaptureArtifactCommand, type CaptureArtifactInput } from '../capture/capture-artifact-command.js';
import { CreateSubspaceCommand } from '../capture/create-subspace-command.js';
import { RecordSignalCommand } from '../capture/record-signal-command.js';
import type { SubspaceRepository } from '../capture/subspace-repository.js';
import { SequentialIdGenerator } from './sequential-id-generator.js';

/** The embedding dimension the contract uses: the store under test must be set up for it. */
export const CONTRACT_EMBEDDING_DIMENSION = 4;

/** What the contract needs: the three capture ports over one empty store, and a way to add users. */
export interface CaptureStoreUnderTest {
  readonly artifacts: ArtifactRepository;
  readonly subspaces: SubspaceRepository;
  readonly assignment: AssignmentMarginService;
  /** Registers a user with this id (an accounts user, to the store). */
  addUser(id: string): Promise<void>;
}

const T0 = new Date('2026-05-01T00:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const ALICE = '10000000-0000-4000-8000-00000000a11c';
const BOB = '10000000-0000-4000-8000-000000000b0b';
const NOBODY = '10000000-0000-4000-8000-0000000000ff';
const DEFAULTS = { minMargin: 0.05, minSimilarity: 0 };

async function settle(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/**
 * The behaviour every capture store must have: the in-memory fake and the PostgreSQL adapters run
 * it, so that they cannot drift apart. `make` is called before each test and must return the ports
 * over an empty store whose embedding dimension is {@link CONTRACT_EMBEDDING_DIMENSION}.
 */
export function describeCaptureRepositoryContract(name: string, make: () => Promise<CaptureStoreUnderTest>): void {
  describe(`${name} (capture repositories contract)`, () => {
    let store: CaptureStoreUnderTest;
    let ids: SequentialIdGenerator;
    let clock: number;

    const capture = (input: Partial<CaptureArtifactInput>): CaptureArtifactCommand =>
      CaptureArtifactCommand.create(
        { userId: ALICE, url: 'https://example.com/a', embedding: [1, 0, 0, 0], readingDepth: 0.3, ...input },
        CONTRACT_EMBEDDING_DIMENSION,
      );
    const stamp = (assignment?: Assignment): IngestStamp => {
      clock += 1;
      return { artifactId: ids.next(), signalId: ids.next(), at: at(clock), assignment: assignment ?? NO_SUBSPACES };
    };
    const signal = (artifactId: string, readingDepth: number, occurredAt?: Date): Promise<SignalOutcome | undefined> => {
      clock += 1;
      return store.artifacts.recordSignal(RecordSignalCommand.create({ artifactId, readingDepth, occurredAt }), {
        signalId: ids.next(),
        at: at(clock),
      });
    };
    const subspace = async (userId: string, name: string, centroid: number[]): Promise<string> => {
      clock += 1;
      const created = await store.subspaces.create(CreateSubspaceCommand.create({ userId, name, centroid }, CONTRACT_EMBEDDING_DIMENSION), {
        id: ids.next(),
        at: at(clock),
      });
      return created.id.value;
    };
    let NO_SUBSPACES: Assignment;

    beforeEach(async () => {
      store = await make();
      ids = new SequentialIdGenerator();
      clock = 0;
      await store.addUser(ALICE);
      await store.addUser(BOB);
      NO_SUBSPACES = await store.assignment.assign({ userId: OwnerId.of(ALICE), embedding: capture({}).embedding, thresholds: DEFAULTS });
    });

    describe('ingestWithSignal', () => {
      it('creates the artifact with its first signal, the level computed from the default thresholds', async () => {
        const s = stamp();
        const outcome = await store.artifacts.ingestWithSignal(capture({ title: 'A paper', readingDepth: 0.6, occurredAt: at(-60) }), s);
        expect(outcome.created).to.equal(true);
        expect(outcome.artifact.toSnapshot()).to.deep.include({
          id: s.artifactId,
          userId: ALICE,
          url: 'https://example.com/a',
          title: 'A paper',
          engagementLevel: 'read',
          maxReadingDepth: 0.6,
          signalCount: 1,
          subspaceId: null,
          assignmentStatus: 'no_subspaces',
          assignmentSimilarity: null,
          assignmentMargin: null,
        });
        expect(outcome.artifact.capturedAt.toISOString()).to.equal(at(-60).toISOString());
        expect(outcome.artifact.createdAt.toISOString()).to.equal(s.at.toISOString());
        expect(outcome.signal.toSnapshot()).to.deep.include({
          id: s.signalId,
          artifactId: s.artifactId,
          readingDepth: 0.6,
          levelAfter: 'read',
        });
        expect((await store.artifacts.findById(ArtifactId.of(s.artifactId)))?.toSnapshot()).to.deep.equal(outcome.artifact.toSnapshot());
      });

      it('uses the stamp time when the command has none', async () => {
        const s = stamp();
        const outcome = await store.artifacts.ingestWithSignal(capture({}), s);
        expect(outcome.signal.occurredAt.toISOString()).to.equal(s.at.toISOString());
        expect(outcome.artifact.capturedAt.toISOString()).to.equal(s.at.toISOString());
      });

      for (const [depth, level] of [
        [0, 'glanced'],
        [0.09, 'glanced'],
        [0.1, 'skimmed'],
        [0.49, 'skimmed'],
        [0.5, 'read'],
        [0.99, 'read'],
        [1, 'studied'],
        [1.5, 'studied'],
      ] as const) {
        it(`puts a reading depth of ${depth} at ${level}`, async () => {
          const outcome = await store.artifacts.ingestWithSignal(capture({ readingDepth: depth }), stamp());
          expect(outcome.signal.levelAfter.name).to.equal(level);
        });
      }

      it('adds a signal to the known (user, url): the level only rises, the first embedding, assignment and title stay', async () => {
        const first = await store.artifacts.ingestWithSignal(capture({ readingDepth: 0.7, title: 'First' }), stamp());
        const again = await store.artifacts.ingestWithSignal(
          capture({ readingDepth: 0.2, title: 'Second', embedding: [0, 1, 0, 0] }),
          stamp(),
        );
        expect(again.created).to.equal(false);
        expect(first.levelBefore, 'a new artifact had no level').to.equal(null);
        expect(again.levelBefore).to.equal(EngagementLevel.READ);
        expect(again.artifact.id.value).to.equal(first.artifact.id.value);
        expect(again.artifact.toSnapshot()).to.deep.include({
          engagementLevel: 'read',
          maxReadingDepth: 0.7,
          signalCount: 2,
          title: 'First',
        });
        expect(again.signal.levelAfter.name, 'the artifact level after the signal').to.equal('read');
        expect(again.artifact.capturedAt.toISOString()).to.equal(first.artifact.capturedAt.toISOString());
        const similar = await store.artifacts.findSimilar(first.artifact.id, 10);
        expect(similar).to.deep.equal([]);
      });

      it('fills a missing title from a later capture', async () => {
        await store.artifacts.ingestWithSignal(capture({}), stamp());
        const again = await store.artifacts.ingestWithSignal(capture({ title: 'Late title' }), stamp());
        expect(again.artifact.title).to.equal('Late title');
      });

      it('keeps one artifact per user and url: another user, or another url, is another artifact', async () => {
        const a = await store.artifacts.ingestWithSignal(capture({}), stamp());
        const b = await store.artifacts.ingestWithSignal(capture({ userId: BOB }), stamp());
        const c = await store.artifacts.ingestWithSignal(capture({ url: 'https://example.com/b' }), stamp());
        expect(new Set([a, b, c].map((o) => o.artifact.id.value)).size).to.equal(3);
        expect([a, b, c].every((o) => o.created)).to.equal(true);
      });

      it('rejects an unknown user and stores nothing', async () => {
        const s = stamp();
        const rejection = await settle(store.artifacts.ingestWithSignal(capture({ userId: NOBODY }), s));
        expect(rejection).to.be.instanceOf(UnknownCaptureUserError);
        expect(await store.artifacts.findById(ArtifactId.of(s.artifactId))).to.equal(undefined);
      });

      it('keeps the assignment it is given on creation', async () => {
        const sub = await subspace(ALICE, 'Databases', [1, 0, 0, 0]);
        const assignment = await store.assignment.assign({
          userId: OwnerId.of(ALICE),
          embedding: capture({}).embedding,
          thresholds: DEFAULTS,
        });
        const outcome = await store.artifacts.ingestWithSignal(capture({}), stamp(assignment));
        expect(outcome.artifact.toSnapshot()).to.deep.include({
          subspaceId: sub,
          assignmentStatus: 'assigned',
          assignmentSimilarity: 1,
          assignmentMargin: 1,
        });
        expect((await store.subspaces.findById(SubspaceId.of(sub)))?.artifactCount).to.equal(1);
      });
    });

    describe('recordSignal', () => {
      it('keeps the higher level when a lower signal follows a higher one', async () => {
        const { artifact } = await store.artifacts.ingestWithSignal(capture({ readingDepth: 1.2 }), stamp());
        const outcome = (await signal(artifact.id.value, 0.05)) as {
          artifact: { engagementLevel: EngagementLevel; signalCount: number };
          signal: { levelAfter: EngagementLevel };
        };
        expect(outcome.artifact.engagementLevel).to.equal(EngagementLevel.STUDIED);
        expect(outcome.signal.levelAfter).to.equal(EngagementLevel.STUDIED);
        expect(outcome.artifact.signalCount).to.equal(2);
      });

      it('raises the level with a higher signal, and tells the level before each write', async () => {
        const { artifact } = await store.artifacts.ingestWithSignal(capture({ readingDepth: 0.05 }), stamp());
        expect((await signal(artifact.id.value, 0.6))?.levelBefore).to.equal(EngagementLevel.GLANCED);
        expect((await signal(artifact.id.value, 0.2))?.levelBefore).to.equal(EngagementLevel.READ);
        expect((await store.artifacts.findById(artifact.id))?.toSnapshot()).to.deep.include({
          engagementLevel: 'read',
          maxReadingDepth: 0.6,
        });
      });

      it('answers undefined for an unknown artifact, storing nothing', async () => {
        expect(await signal('10000000-0000-4000-8000-0000000000aa', 1)).to.equal(undefined);
      });

      it('moves last_signal_at forward only', async () => {
        const { artifact } = await store.artifacts.ingestWithSignal(capture({ occurredAt: at(100) }), stamp());
        await signal(artifact.id.value, 0.2, at(50));
        expect((await store.artifacts.findById(artifact.id))?.lastSignalAt.toISOString()).to.equal(at(100).toISOString());
        await signal(artifact.id.value, 0.2, at(200));
        expect((await store.artifacts.findById(artifact.id))?.lastSignalAt.toISOString()).to.equal(at(200).toISOString());
      });
    });

    describe('reads', () => {
      it('lists one user’s artifacts in creation order, by keyset, with filters', async () => {
        const made = [];
        for (const [url, depth] of [
          ['https://e.com/1', 0.05],
          ['https://e.com/2', 0.7],
          ['https://e.com/3', 1.1],
          ['https://e.com/4', 0.3],
        ] as const) {
          made.push((await store.artifacts.ingestWithSignal(capture({ url, readingDepth: depth }), stamp())).artifact);
        }
        await store.artifacts.ingestWithSignal(capture({ userId: BOB }), stamp());
        const alice = OwnerId.of(ALICE);
        const all = await store.artifacts.listInCreationOrder({ userId: alice, limit: 10 });
        expect(all.map((a) => a.url)).to.deep.equal(made.map((a) => a.url));
        const firstTwo = await store.artifacts.listInCreationOrder({ userId: alice, limit: 2 });
        const last = firstTwo[1];
        expect(last).to.not.equal(undefined);
        const rest = await store.artifacts.listInCreationOrder({
          userId: alice,
          limit: 10,
          after: { at: last?.createdAt ?? T0, id: last?.id.value ?? '' },
        });
        expect(rest.map((a) => a.url)).to.deep.equal(['https://e.com/3', 'https://e.com/4']);
        const readOrAbove = await store.artifacts.listInCreationOrder({ userId: alice, limit: 10, minLevel: EngagementLevel.READ });
        expect(readOrAbove.map((a) => a.url)).to.deep.equal(['https://e.com/2', 'https://e.com/3']);
        const unknownSubspace = await store.artifacts.listInCreationOrder({ userId: alice, limit: 10, subspaceId: SubspaceId.of(NOBODY) });
        expect(unknownSubspace).to.deep.equal([]);
        expect(await store.artifacts.listInCreationOrder({ userId: OwnerId.of(NOBODY), limit: 10 })).to.deep.equal([]);
      });

      it('filters by subspace', async () => {
        const sub = await subspace(ALICE, 'Graphs', [0, 1, 0, 0]);
        const assignment = await store.assignment.assign({
          userId: OwnerId.of(ALICE),
          embedding: capture({ embedding: [0, 1, 0, 0] }).embedding,
          thresholds: DEFAULTS,
        });
        await store.artifacts.ingestWithSignal(capture({ url: 'https://e.com/in', embedding: [0, 1, 0, 0] }), stamp(assignment));
        await store.artifacts.ingestWithSignal(capture({ url: 'https://e.com/out' }), stamp());
        const inSub = await store.artifacts.listInCreationOrder({ userId: OwnerId.of(ALICE), limit: 10, subspaceId: SubspaceId.of(sub) });
        expect(inSub.map((a) => a.url)).to.deep.equal(['https://e.com/in']);
      });

      it('lists an artifact’s signals oldest first, by keyset', async () => {
        const { artifact } = await store.artifacts.ingestWithSignal(capture({ readingDepth: 0.2, occurredAt: at(10) }), stamp());
        await signal(artifact.id.value, 0.6, at(30));
        await signal(artifact.id.value, 0.4, at(20));
        const all = await store.artifacts.listSignals(artifact.id, { limit: 10 });
        expect(all.map((s) => s.readingDepth.value)).to.deep.equal([0.2, 0.4, 0.6]);
        expect(
          all.map((s) => s.levelAfter.name),
          'the artifact level after each, in recording order 0.2, 0.6, 0.4',
        ).to.deep.equal(['skimmed', 'read', 'read']);
        const first = all[0];
        const rest = await store.artifacts.listSignals(artifact.id, {
          limit: 1,
          after: { at: first?.occurredAt ?? T0, id: first?.id.value ?? '' },
        });
        expect(rest.map((s) => s.readingDepth.value)).to.deep.equal([0.4]);
      });

      it('finds the same user’s other artifacts by cosine similarity, best first', async () => {
        const self = await store.artifacts.ingestWithSignal(capture({ url: 'https://e.com/self', embedding: [1, 0, 0, 0] }), stamp());
        await store.artifacts.ingestWithSignal(capture({ url: 'https://e.com/far', embedding: [-1, 0, 0, 0] }), stamp());
        await store.artifacts.ingestWithSignal(capture({ url: 'https://e.com/near', embedding: [1, 0.1, 0, 0] }), stamp());
        await store.artifacts.ingestWithSignal(capture({ url: 'https://e.com/mid', embedding: [1, 1, 0, 0] }), stamp());
        await store.artifacts.ingestWithSignal(capture({ userId: BOB, url: 'https://e.com/bob', embedding: [1, 0, 0, 0] }), stamp());
        const similar = (await store.artifacts.findSimilar(self.artifact.id, 10)) ?? [];
        expect(similar.map((s) => s.artifact.url)).to.deep.equal(['https://e.com/near', 'https://e.com/mid', 'https://e.com/far']);
        expect(similar[0]?.similarity).to.be.closeTo(1 / Math.sqrt(1.01), 1e-6);
        expect(similar[1]?.similarity).to.be.closeTo(Math.SQRT1_2, 1e-6);
        expect(similar[2]?.similarity).to.be.closeTo(-1, 1e-6);
        expect(await store.artifacts.findSimilar(self.artifact.id, 1)).to.have.length(1);
        expect(await store.artifacts.findSimilar(ArtifactId.of(NOBODY), 10)).to.equal(undefined);
      });
    });

    describe('subspaces', () => {
      it('creates, finds and lists a user’s subspaces in creation order', async () => {
        const b = await subspace(ALICE, 'Beta', [0, 1, 0, 0]);
        const a = await subspace(ALICE, 'Alpha', [1, 0, 0, 0]);
        await subspace(BOB, 'Beta', [0, 1, 0, 0]);
        expect((await store.subspaces.findById(SubspaceId.of(a)))?.toSnapshot()).to.deep.include({
          id: a,
          userId: ALICE,
          name: 'Alpha',
          artifactCount: 0,
        });
        expect((await store.subspaces.listByUser(OwnerId.of(ALICE))).map((s) => s.id.value)).to.deep.equal([b, a]);
        expect(await store.subspaces.listByUser(OwnerId.of(NOBODY))).to.deep.equal([]);
        expect(await store.subspaces.findById(SubspaceId.of(NOBODY))).to.equal(undefined);
      });

      it('refuses a second name of one user in another letter case, even concurrently', async () => {
        await subspace(ALICE, 'Databases', [1, 0, 0, 0]);
        expect(await settle(subspace(ALICE, 'DATABASES', [1, 0, 0, 0]))).to.be.instanceOf(SubspaceAlreadyExistsError);
        const results = await Promise.allSettled(['ML', 'ml', 'Ml'].map((n) => subspace(ALICE, n, [0, 1, 0, 0])));
        expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
      });

      it('refuses an unknown user', async () => {
        expect(await settle(subspace(NOBODY, 'X', [1, 0, 0, 0]))).to.be.instanceOf(UnknownCaptureUserError);
      });

      it('refuses a centroid of another dimension than the store’s', async () => {
        const command = CreateSubspaceCommand.create({ userId: ALICE, name: 'Wide', centroid: [1, 0, 0, 0, 0] }, 5);
        expect(await settle(store.subspaces.create(command, { id: ids.next(), at: T0 }))).to.be.instanceOf(InvalidCaptureFieldError);
      });
    });

    describe('assignment', () => {
      const assign = (embedding: number[], thresholds = DEFAULTS): Promise<Assignment> =>
        store.assignment.assign({ userId: OwnerId.of(ALICE), embedding: capture({ embedding }).embedding, thresholds });

      it('is no_subspaces when the user has none (another user’s do not count)', async () => {
        await subspace(BOB, 'Bob’s', [1, 0, 0, 0]);
        expect(await assign([1, 0, 0, 0])).to.deep.include({ status: 'no_subspaces', subspaceId: null, similarity: null, margin: null });
      });

      it('assigns the clearly closest subspace, with its similarity and margin', async () => {
        const near = await subspace(ALICE, 'Near', [1, 0, 0, 0]);
        await subspace(ALICE, 'Far', [0, 1, 0, 0]);
        const assignment = await assign([1, 0, 0, 0]);
        expect(assignment.status).to.equal('assigned');
        expect(assignment.subspaceId?.value).to.equal(near);
        expect(assignment.similarity).to.be.closeTo(1, 1e-6);
        expect(assignment.margin).to.be.closeTo(1, 1e-6);
      });

      it('is ambiguous on a tie', async () => {
        await subspace(ALICE, 'Left', [1, 0, 0, 0]);
        await subspace(ALICE, 'Right', [0, 1, 0, 0]);
        const assignment = await assign([1, 1, 0, 0]);
        expect(assignment.status).to.equal('ambiguous');
        expect(assignment.subspaceId).to.equal(null);
        expect(assignment.margin).to.be.closeTo(0, 1e-6);
      });

      it('with one subspace, uses its similarity as the margin', async () => {
        await subspace(ALICE, 'Only', [1, 1, 0, 0]);
        const assignment = await assign([1, 0, 0, 0]);
        expect(assignment.status).to.equal('assigned');
        expect(assignment.margin).to.be.closeTo(Math.SQRT1_2, 1e-6);
      });

      it('is ambiguous below the margin or similarity thresholds', async () => {
        await subspace(ALICE, 'A', [1, 0, 0, 0]);
        await subspace(ALICE, 'B', [0.9, 0.1, 0, 0]);
        expect((await assign([1, 0, 0, 0])).status, 'margin ~0.006 < 0.05').to.equal('ambiguous');
        expect((await assign([1, 0, 0, 0], { minMargin: 0.001, minSimilarity: 0 })).status).to.equal('assigned');
        expect((await assign([0, 0, 1, 0], { minMargin: -1, minSimilarity: 0.5 })).status, 'best similarity 0 < 0.5').to.equal('ambiguous');
      });
    });
  });
}
