import { expect } from 'chai';

import { ArtifactNotFoundError, InputValidationError, InvalidCursorError, SubspaceNotFoundError } from '../../../src/errors/index.js';
import { CaptureHandler, CaptureQueries, CreateSubspaceHandler, SystemConfigCache } from '../../../src/index.js';
import { FakeCursorSigner, FixedClock, InMemoryCaptureStore, RecordingLogger, SequentialIdGenerator } from '../../../src/testing/index.js';
import { FIELD_ISSUE } from '../../support/capture-field-issues.js';

const USER = '10000000-0000-4000-8000-000000000001';
const UNKNOWN = '10000000-0000-4000-8000-0000000000ff';

describe('CaptureQueries', () => {
  let store: InMemoryCaptureStore;
  let queries: CaptureQueries;
  let capture: CaptureHandler;
  let cursors: FakeCursorSigner;
  let clock: FixedClock;

  beforeEach(async () => {
    store = new InMemoryCaptureStore(2);
    store.addUser(USER);
    clock = new FixedClock();
    cursors = new FakeCursorSigner();
    const logger = new RecordingLogger();
    const ids = new SequentialIdGenerator();
    const config = new SystemConfigCache({ source: { load: async () => new Map() }, clock, logger, ttlMs: 1_000 });
    capture = new CaptureHandler({
      artifacts: store.artifacts,
      assignment: store.assignment,
      config,
      ids,
      clock,
      logger,
      embeddingDimension: 2,
    });
    queries = new CaptureQueries({ artifacts: store.artifacts, subspaces: store.subspaces, cursors });
    const subspaces = new CreateSubspaceHandler({ subspaces: store.subspaces, ids, clock, logger, embeddingDimension: 2 });
    await subspaces.execute({ userId: USER, name: 'X axis', centroid: [1, 0] });
  });

  async function captureMany(count: number): Promise<string[]> {
    const made: string[] = [];
    for (let i = 0; i < count; i += 1) {
      clock.advance(1_000);
      made.push(
        (await capture.execute({ userId: USER, url: `https://e.com/${i}`, embedding: [1, i], readingDepth: i % 2 === 0 ? 0.05 : 0.7 }))
          .artifact.id,
      );
    }
    return made;
  }

  it('gets an artifact, or ArtifactNotFoundError, or 422 for a malformed id', async () => {
    const [id = ''] = await captureMany(1);
    expect((await queries.getArtifact(id)).id).to.equal(id);
    await expect(queries.getArtifact(UNKNOWN)).to.be.rejectedWith(ArtifactNotFoundError);
    await expect(queries.getArtifact('x')).to.be.rejectedWith(InputValidationError);
  });

  it('walks every artifact exactly once, page by page', async () => {
    const made = await captureMany(5);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await queries.listArtifacts({ userId: USER, limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).to.deep.equal(made);
    const all = await queries.listArtifacts({ userId: USER });
    expect(all.nextCursor).to.equal(null);
  });

  it('filters by level and subspace; an unknown subspace is an empty page', async () => {
    await captureMany(4);
    expect((await queries.listArtifacts({ userId: USER, minLevel: 'read' })).items).to.have.length(2);
    const [subspace] = (await queries.listSubspaces(USER)).items;
    expect((await queries.listArtifacts({ userId: USER, subspaceId: subspace?.id })).items.length).to.be.greaterThan(0);
    expect((await queries.listArtifacts({ userId: USER, subspaceId: UNKNOWN })).items).to.deep.equal([]);
  });

  it('lists every invalid parameter at once', async () => {
    await expect(queries.listArtifacts({ userId: 'x', subspaceId: 'y', minLevel: 'devoured', limit: 0, cursor: 'forged' }))
      .to.be.rejectedWith(InputValidationError)
      .and.eventually.have.property('issues')
      .that.deep.equals([
        FIELD_ISSUE.userId,
        FIELD_ISSUE.subspaceId,
        { path: 'min_level', message: 'must be one of glanced, skimmed, read, studied' },
        { path: 'limit', message: 'must be an integer from 1 to 100' },
        { path: 'cursor', message: 'must be a next_cursor returned by this API, unchanged' },
      ]);
  });

  it('refuses a cursor of another list', async () => {
    const [id = ''] = await captureMany(3);
    const page = await queries.listArtifacts({ userId: USER, limit: 1 });
    await expect(queries.listSignals({ artifactId: id, cursor: page.nextCursor ?? '' }))
      .to.be.rejectedWith(InputValidationError)
      .and.eventually.have.nested.property('issues[0].path', 'cursor');
    const outOfRange = cursors.sign('a1:9999999999999999:10000000-0000-4000-8000-000000000001');
    await expect(queries.listArtifacts({ userId: USER, cursor: outOfRange })).to.be.rejectedWith(InputValidationError);
    expect(new InvalidCursorError().issues[0]?.path).to.equal('cursor');
  });

  it('lists signals oldest first, page by page', async () => {
    const [id = ''] = await captureMany(1);
    for (let i = 0; i < 2; i += 1) await capture.execute({ userId: USER, url: 'https://e.com/0', embedding: [1, 0], readingDepth: 1 });
    const first = await queries.listSignals({ artifactId: id, limit: 2 });
    expect(first.items).to.have.length(2);
    const second = await queries.listSignals({ artifactId: id, limit: 2, cursor: first.nextCursor ?? '' });
    expect(second.items).to.have.length(1);
    expect(second.nextCursor).to.equal(null);
    await expect(queries.listSignals({ artifactId: UNKNOWN })).to.be.rejectedWith(ArtifactNotFoundError);
  });

  it('finds similar artifacts, limit 1 to 50', async () => {
    const [id = ''] = await captureMany(3);
    const similar = await queries.findSimilar({ artifactId: id });
    expect(similar.items.map((s) => s.artifact.url)).to.deep.equal(['https://e.com/1', 'https://e.com/2']);
    expect(similar.items[0]?.similarity).to.be.closeTo(Math.SQRT1_2, 1e-9);
    expect((await queries.findSimilar({ artifactId: id, limit: 1 })).items).to.have.length(1);
    await expect(queries.findSimilar({ artifactId: id, limit: 51 })).to.be.rejectedWith(InputValidationError);
    await expect(queries.findSimilar({ artifactId: UNKNOWN })).to.be.rejectedWith(ArtifactNotFoundError);
  });

  it('gets and lists subspaces', async () => {
    const { items } = await queries.listSubspaces(USER);
    expect(items.map((s) => s.name)).to.deep.equal(['X axis']);
    expect((await queries.getSubspace(items[0]?.id ?? '')).name).to.equal('X axis');
    await expect(queries.getSubspace(UNKNOWN)).to.be.rejectedWith(SubspaceNotFoundError);
    expect((await queries.listSubspaces(UNKNOWN)).items).to.deep.equal([]);
    await expect(queries.listSubspaces('x')).to.be.rejectedWith(InputValidationError);
  });
});
