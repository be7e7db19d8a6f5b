import { expect } from 'chai';

import {
  ArtifactNotFoundError,
  InputValidationError,
  SubspaceAlreadyExistsError,
  UnknownCaptureUserError,
} from '../../../src/errors/index.js';
import {
  CaptureArtifactCommand,
  CaptureHandler,
  CreateSubspaceCommand,
  CreateSubspaceHandler,
  RecordSignalCommand,
  RecordSignalHandler,
  SystemConfigCache,
  SystemConfigKeys,
} from '../../../src/index.js';
import { FixedClock, InMemoryCaptureStore, RecordingLogger, SequentialIdGenerator } from '../../../src/testing/index.js';

const USER = '10000000-0000-4000-8000-000000000001';
const DIMENSION = 3;

describe('capture handlers', () => {
  let store: InMemoryCaptureStore;
  let logger: RecordingLogger;
  let clock: FixedClock;
  let ids: SequentialIdGenerator;
  let configValues: Map<string, unknown>;
  let capture: CaptureHandler;
  let recordSignal: RecordSignalHandler;
  let createSubspace: CreateSubspaceHandler;

  beforeEach(async () => {
    store = new InMemoryCaptureStore(DIMENSION);
    store.addUser(USER);
    logger = new RecordingLogger();
    clock = new FixedClock('2026-04-01T00:00:00.000Z');
    ids = new SequentialIdGenerator();
    configValues = new Map();
    const config = new SystemConfigCache({ source: { load: async () => configValues }, clock, logger, ttlMs: 1_000 });
    await config.refresh();
    const common = { ids, clock, logger };
    capture = new CaptureHandler({
      ...common,
      artifacts: store.artifacts,
      assignment: store.assignment,
      config,
      embeddingDimension: DIMENSION,
    });
    recordSignal = new RecordSignalHandler({ ...common, artifacts: store.artifacts });
    createSubspace = new CreateSubspaceHandler({ ...common, subspaces: store.subspaces, embeddingDimension: DIMENSION });
  });

  const input = { userId: USER, url: 'https://example.com/private-path', title: 'Secret title', embedding: [1, 0, 0], readingDepth: 0.6 };

  describe('CaptureHandler', () => {
    it('creates an artifact, then adds signals to it, logging ids only', async () => {
      const first = await capture.execute(input);
      expect(first.created).to.equal(true);
      expect(first.artifact).to.deep.include({ userId: USER, engagementLevel: 'read', signalCount: 1, title: 'Secret title' });
      expect(first.artifact.assignment).to.deep.equal({ status: 'no_subspaces', similarity: null, margin: null });
      expect(first.signal).to.deep.include({ artifactId: first.artifact.id, levelAfter: 'read', readingDepth: 0.6 });
      expect(first.signal.occurredAt.toISOString(), 'the server time when none is given').to.equal('2026-04-01T00:00:00.000Z');
      const again = await capture.execute({ ...input, readingDepth: 0.2 });
      expect(again.created).to.equal(false);
      expect(again.artifact).to.deep.include({ id: first.artifact.id, engagementLevel: 'read', signalCount: 2 });
      expect(
        logger.entries.map((e) => e.message),
        'a lower signal raises nothing',
      ).to.deep.equal(['artifact captured', 'artifact captured again']);
      expect(logger.entries[0]?.fields).to.deep.equal({
        artifact_id: first.artifact.id,
        signal_id: first.signal.id,
        user_id: USER,
        level: 'read',
      });
      expect(JSON.stringify(logger.entries)).to.not.match(/private-path|Secret/);
      expect(Object.isFrozen(first)).to.equal(true);
    });

    it('accepts a ready command', async () => {
      const result = await capture.execute(CaptureArtifactCommand.create(input, DIMENSION));
      expect(result.created).to.equal(true);
    });

    it('assigns with the thresholds of the system configuration', async () => {
      await createSubspace.execute({ userId: USER, name: 'Near', centroid: [1, 0, 0] });
      await createSubspace.execute({ userId: USER, name: 'Close', centroid: [1, 0.3, 0] });
      const strict = await capture.execute({ ...input, url: 'https://e.com/1' });
      expect(strict.artifact.assignment.status, 'margin ~0.04 < 0.05 by default').to.equal('ambiguous');
      configValues.set(SystemConfigKeys.assignmentMinMargin.name, 0.01);
      clock.advance(1_000);
      const loose = await capture.execute({ ...input, url: 'https://e.com/2' });
      expect(loose.artifact.assignment.status, 'still the old value while the reload runs').to.equal('ambiguous');
      const later = await capture.execute({ ...input, url: 'https://e.com/3' });
      expect(later.artifact.assignment.status).to.equal('assigned');
      const assignments = logger.entries.filter((e) => e.message.startsWith('subspace a'));
      expect(assignments.map((e) => [e.message, e.fields?.['artifact_id']])).to.deep.equal([
        ['subspace ambiguous', strict.artifact.id],
        ['subspace ambiguous', loose.artifact.id],
        ['subspace assigned', later.artifact.id],
      ]);
      expect(assignments[2]?.fields).to.have.keys(['artifact_id', 'subspace_id', 'similarity', 'margin']);
      expect(assignments[2]?.fields?.['subspace_id']).to.equal(later.artifact.subspaceId);
      await capture.execute({ ...input, url: 'https://e.com/3' });
      expect(
        logger.entries.filter((e) => e.message.startsWith('subspace a')),
        'a known artifact keeps its assignment',
      ).to.have.length(3);
    });

    it('logs a raised level with the levels before and after, when a known artifact is captured deeper', async () => {
      const first = await capture.execute({ ...input, readingDepth: 0.2 });
      const again = await capture.execute({ ...input, readingDepth: 1 });
      expect(logger.entries.at(-1)).to.deep.equal({
        level: 'info',
        message: 'level raised',
        fields: { artifact_id: first.artifact.id, signal_id: again.signal.id, from: 'skimmed', to: 'studied' },
      });
    });

    it('rejects invalid input before any write', async () => {
      await expect(capture.execute({ ...input, readingDepth: 1.6, embedding: [1, 2] })).to.be.rejectedWith(InputValidationError);
      expect(store.signalCount).to.equal(0);
      expect(logger.entries).to.deep.equal([]);
    });

    it('lets the store reject an unknown user', async () => {
      await expect(capture.execute({ ...input, userId: '10000000-0000-4000-8000-0000000000ff' })).to.be.rejectedWith(
        UnknownCaptureUserError,
      );
    });
  });

  describe('RecordSignalHandler', () => {
    it('adds a signal; the level only rises', async () => {
      const { artifact } = await capture.execute({ ...input, readingDepth: 1.1 });
      const result = await recordSignal.execute({
        artifactId: artifact.id,
        readingDepth: 0.1,
        occurredAt: new Date('2026-01-01T00:00:00Z'),
      });
      expect(result.signal).to.deep.include({ levelAfter: 'studied', readingDepth: 0.1 });
      expect(result.artifact.signalCount).to.equal(2);
      expect(logger.entries.at(-1)).to.deep.include({ message: 'signal recorded' });
    });

    it('accepts a ready command, and logs the level it raised', async () => {
      const { artifact } = await capture.execute(input);
      const result = await recordSignal.execute(RecordSignalCommand.create({ artifactId: artifact.id, readingDepth: 1 }));
      expect(result.artifact.engagementLevel).to.equal('studied');
      expect(logger.entries.slice(-2).map((e) => [e.message, e.fields?.['from'], e.fields?.['to']])).to.deep.equal([
        ['signal recorded', undefined, undefined],
        ['level raised', 'read', 'studied'],
      ]);
    });

    it('rejects an unknown artifact with ArtifactNotFoundError', async () => {
      await expect(recordSignal.execute({ artifactId: '10000000-0000-4000-8000-0000000000aa', readingDepth: 1 })).to.be.rejectedWith(
        ArtifactNotFoundError,
      );
    });
  });

  describe('CreateSubspaceHandler', () => {
    it('creates a subspace and refuses its name twice', async () => {
      const subspace = await createSubspace.execute({ userId: USER, name: 'Databases', centroid: [0, 1, 0] });
      expect(subspace).to.deep.include({ userId: USER, name: 'Databases', artifactCount: 0 });
      expect(logger.entries.at(-1)).to.deep.equal({
        level: 'info',
        message: 'subspace created',
        fields: { subspace_id: subspace.id, user_id: USER },
      });
      await expect(createSubspace.execute({ userId: USER, name: 'databases', centroid: [0, 1, 0] })).to.be.rejectedWith(
        SubspaceAlreadyExistsError,
      );
      const ready = CreateSubspaceCommand.create({ userId: USER, name: 'Graphs', centroid: [0, 0, 1] }, DIMENSION);
      expect((await createSubspace.execute(ready)).name).to.equal('Graphs');
    });
  });
});
