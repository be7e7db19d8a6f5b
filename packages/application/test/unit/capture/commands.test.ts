import { expect } from 'chai';

import { InputValidationError } from '../../../src/errors/index.js';
import { CaptureArtifactCommand, CreateSubspaceCommand, RecordSignalCommand } from '../../../src/index.js';
import { FIELD_ISSUE } from '../../support/capture-field-issues.js';

const USER = '10000000-0000-4000-8000-000000000001';
const ARTIFACT = '10000000-0000-4000-8000-000000000002';
const input = {
  userId: USER,
  url: 'https://example.com/a',
  title: 'A',
  embedding: [1, 2, 3],
  readingDepth: 0.5,
  occurredAt: new Date('2026-01-01T00:00:00Z'),
};

describe('CaptureArtifactCommand', () => {
  it('holds the validated values', () => {
    const command = CaptureArtifactCommand.create(input, 3);
    expect(command.userId.value).to.equal(USER);
    expect(command.url.value).to.equal('https://example.com/a');
    expect(command.title?.value).to.equal('A');
    expect(command.embedding.values).to.deep.equal([1, 2, 3]);
    expect(command.readingDepth.value).to.equal(0.5);
    expect(command.occurredAt?.toISOString()).to.equal('2026-01-01T00:00:00.000Z');
    expect(CaptureArtifactCommand.create({ ...input, title: undefined, occurredAt: undefined }, 3)).to.deep.include({
      title: null,
      occurredAt: null,
    });
  });

  it('is immutable at run time, the time included', () => {
    const command = CaptureArtifactCommand.create(input, 3);
    expect(Object.isFrozen(command)).to.equal(true);
    expect(() => {
      (command as { fingerprint: string }).fingerprint = 'x';
    }).to.throw(TypeError);
    command.occurredAt?.setTime(0);
    expect(command.occurredAt?.toISOString()).to.equal('2026-01-01T00:00:00.000Z');
    const source = { ...input, embedding: [1, 2, 3], occurredAt: new Date('2026-01-01T00:00:00Z') };
    const fromSource = CaptureArtifactCommand.create(source, 3);
    source.embedding[0] = 9;
    source.occurredAt.setTime(0);
    expect(fromSource.fingerprint).to.equal(command.fingerprint);
  });

  it('has a stable fingerprint: equal for equal commands, different otherwise', () => {
    const a = CaptureArtifactCommand.create(input, 3);
    const b = CaptureArtifactCommand.create({ ...input, url: '  https://example.com/a ' }, 3);
    expect(a.fingerprint).to.equal(b.fingerprint);
    expect(a.fingerprint).to.match(/^capture-artifact:[0-9a-f]{16}$/);
    // A fixed value: the fingerprint must not change between processes or versions.
    expect(a.fingerprint).to.equal(CaptureArtifactCommand.create(input, 3).fingerprint);
    for (const change of [
      { readingDepth: 0.6 },
      { embedding: [1, 2, 4] },
      { title: 'B' },
      { title: undefined },
      { occurredAt: undefined },
      { url: 'https://example.com/b' },
    ]) {
      expect(CaptureArtifactCommand.create({ ...input, ...change }, 3).fingerprint, JSON.stringify(change)).to.not.equal(a.fingerprint);
    }
  });

  it('keeps the fingerprint it always had, whenever it is read (idempotency keys recorded with it stay valid)', () => {
    // Values computed when the fingerprint was made in the constructor: a change here breaks every stored key.
    expect(CaptureArtifactCommand.create(input, 3).fingerprint).to.equal('capture-artifact:b8b53e65230dd446');
    const other = CaptureArtifactCommand.create({ ...input, title: undefined, occurredAt: undefined, embedding: [0.1, -0.25, 1e-7] }, 3);
    expect(other.fingerprint).to.equal('capture-artifact:d46f654a7ce4c0ac');
    expect(other.fingerprint).to.equal('capture-artifact:d46f654a7ce4c0ac');
  });

  it('lists every invalid field at once', () => {
    const bad = { userId: 'x', url: 'nope', title: ' ', embedding: [0, 0, 0], readingDepth: 2, occurredAt: new Date('invalid') };
    expect(() => CaptureArtifactCommand.create(bad, 3))
      .to.throw(InputValidationError)
      .with.property('issues')
      .that.deep.equals([
        FIELD_ISSUE.userId,
        FIELD_ISSUE.url,
        FIELD_ISSUE.title,
        FIELD_ISSUE.zeroEmbedding,
        FIELD_ISSUE.readingDepth,
        FIELD_ISSUE.occurredAt,
      ]);
  });

  it('checks the embedding against the dimension of the space', () => {
    expect(() => CaptureArtifactCommand.create(input, 4))
      .to.throw(InputValidationError)
      .with.nested.property('issues[0].message', 'must have exactly 4 numbers');
  });
});

describe('RecordSignalCommand', () => {
  it('is frozen, validated and fingerprinted', () => {
    const command = RecordSignalCommand.create({ artifactId: ARTIFACT, readingDepth: 1.5 });
    expect(Object.isFrozen(command)).to.equal(true);
    expect(command.occurredAt).to.equal(null);
    expect(command.fingerprint).to.equal(RecordSignalCommand.create({ artifactId: ARTIFACT.toUpperCase(), readingDepth: 1.5 }).fingerprint);
    expect(command.fingerprint).to.not.equal(RecordSignalCommand.create({ artifactId: ARTIFACT, readingDepth: 1.4 }).fingerprint);
    const timed = RecordSignalCommand.create({ artifactId: ARTIFACT, readingDepth: 1.5, occurredAt: new Date(5) });
    expect(timed.occurredAt?.getTime()).to.equal(5);
    expect(() => RecordSignalCommand.create({ artifactId: 'x', readingDepth: -1 }))
      .to.throw(InputValidationError)
      .with.property('issues')
      .with.length(2);
  });
});

describe('CreateSubspaceCommand', () => {
  it('is frozen, validated and fingerprinted', () => {
    const command = CreateSubspaceCommand.create({ userId: USER, name: ' ML ', centroid: [1, 0] }, 2);
    expect(Object.isFrozen(command)).to.equal(true);
    expect(command.name.value).to.equal('ML');
    expect(command.fingerprint).to.match(/^create-subspace:/);
    expect(command.fingerprint).to.not.equal(CreateSubspaceCommand.create({ userId: USER, name: 'ML', centroid: [0, 1] }, 2).fingerprint);
    expect(() => CreateSubspaceCommand.create({ userId: USER, name: '', centroid: [1] }, 2))
      .to.throw(InputValidationError)
      .with.property('issues')
      .that.deep.equals([FIELD_ISSUE.name, { path: 'centroid', message: 'must have exactly 2 numbers' }]);
  });
});
