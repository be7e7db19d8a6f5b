import { expect } from 'chai';

import {
  Artifact,
  ArtifactNotFoundError,
  ConflictError,
  EngagementLevel,
  NotFoundError,
  Signal,
  Subspace,
  SubspaceAlreadyExistsError,
  SubspaceNotFoundError,
  UnknownCaptureUserError,
  ValidationError,
  type ArtifactSnapshot,
} from '../../../src/index.js';

const T0 = new Date('2026-03-01T00:00:00.000Z');
const T1 = new Date('2026-03-02T00:00:00.000Z');
const ARTIFACT: ArtifactSnapshot = {
  id: '00000000-0000-4000-8000-0000000000a1',
  userId: '00000000-0000-4000-8000-0000000000c9',
  url: 'https://example.com/paper',
  title: null,
  engagementLevel: 'read',
  maxReadingDepth: 0.75,
  signalCount: 2,
  subspaceId: '00000000-0000-4000-8000-0000000000b1',
  assignmentStatus: 'assigned',
  assignmentSimilarity: 0.9,
  assignmentMargin: 0.2,
  capturedAt: T0,
  lastSignalAt: T1,
  createdAt: T0,
  updatedAt: T1,
};

describe('Artifact', () => {
  it('round-trips its snapshot', () => {
    const artifact = Artifact.fromSnapshot(ARTIFACT);
    expect(artifact.toSnapshot()).to.deep.equal(ARTIFACT);
    expect(artifact.subspaceId?.value).to.equal(ARTIFACT.subspaceId);
    expect(Object.isFrozen(artifact)).to.equal(true);
  });

  it('round-trips an unassigned artifact', () => {
    const snapshot = {
      ...ARTIFACT,
      subspaceId: null,
      assignmentStatus: 'no_subspaces',
      assignmentSimilarity: null,
      assignmentMargin: null,
    } as const;
    const artifact = Artifact.fromSnapshot(snapshot);
    expect(artifact.subspaceId).to.equal(null);
    expect(artifact.toSnapshot()).to.deep.equal(snapshot);
  });

  it('tells whether it reached a level', () => {
    const artifact = Artifact.fromSnapshot(ARTIFACT);
    expect(artifact.hasReached(EngagementLevel.SKIMMED)).to.equal(true);
    expect(artifact.hasReached(EngagementLevel.READ)).to.equal(true);
    expect(artifact.hasReached(EngagementLevel.STUDIED)).to.equal(false);
  });

  it('has a revision that changes with every signal', () => {
    const before = Artifact.fromSnapshot(ARTIFACT).revision;
    const after = Artifact.fromSnapshot({ ...ARTIFACT, signalCount: 3, updatedAt: new Date(T1.getTime() + 1) }).revision;
    expect(before).to.not.equal(after);
  });
});

describe('Signal', () => {
  it('round-trips its snapshot', () => {
    const snapshot = {
      id: '00000000-0000-4000-8000-0000000000c1',
      artifactId: ARTIFACT.id,
      readingDepth: 1.2,
      occurredAt: T0,
      levelAfter: 'studied' as const,
    };
    const signal = Signal.fromSnapshot(snapshot);
    expect(signal.toSnapshot()).to.deep.equal(snapshot);
    expect(signal.levelAfter).to.equal(EngagementLevel.STUDIED);
  });
});

describe('Subspace', () => {
  it('round-trips its snapshot', () => {
    const snapshot = {
      id: '00000000-0000-4000-8000-0000000000b1',
      userId: ARTIFACT.userId,
      name: 'Databases',
      artifactCount: 4,
      createdAt: T0,
    };
    expect(Subspace.fromSnapshot(snapshot).toSnapshot()).to.deep.equal(snapshot);
  });
});

describe('capture errors', () => {
  it('have stable codes and kinds', () => {
    expect(new ArtifactNotFoundError('x'))
      .to.be.instanceOf(NotFoundError)
      .and.deep.include({ code: 'ARTIFACT_NOT_FOUND', artifactId: 'x' });
    expect(new SubspaceNotFoundError('y'))
      .to.be.instanceOf(NotFoundError)
      .and.deep.include({ code: 'SUBSPACE_NOT_FOUND', subspaceId: 'y' });
    expect(new SubspaceAlreadyExistsError()).to.be.instanceOf(ConflictError).and.include({ code: 'SUBSPACE_ALREADY_EXISTS' });
    const unknownUser = new UnknownCaptureUserError();
    expect(unknownUser).to.be.instanceOf(ValidationError).and.include({ code: 'UNKNOWN_USER', name: 'UnknownCaptureUserError' });
    expect(unknownUser.issues).to.deep.equal([{ path: 'user_id', message: 'must be the id of an existing user' }]);
  });
});
