import { expect } from 'chai';

import {
  ArtifactId,
  ArtifactTitle,
  ArtifactUrl,
  CaptureId,
  InvalidCaptureFieldError,
  OwnerId,
  SignalId,
  SubspaceId,
  SubspaceName,
} from '../../../src/index.js';

const ID = '0B4E7C1A-5D2F-4C8B-9A1E-3F6D2B7C8E90';

describe('capture ids', () => {
  it('accept a UUID, lower-cased, and compare by value', () => {
    expect(ArtifactId.of(ID).value).to.equal(ID.toLowerCase());
    expect(ArtifactId.of(ID).equals(ArtifactId.of(ID.toLowerCase()))).to.equal(true);
    expect(String(SubspaceId.of(ID))).to.equal(ID.toLowerCase());
    expect(SignalId.of(ID).kind).to.equal('signal');
    expect(CaptureId.of('thing', ID, 'thing_id').kind).to.equal('thing');
  });

  it('reject anything else, naming the field', () => {
    expect(() => OwnerId.of('nope'))
      .to.throw(InvalidCaptureFieldError)
      .that.deep.includes({ code: 'INVALID_ID', issues: [{ path: 'user_id', message: 'must be a UUID' }] });
    expect(() => ArtifactId.of('nope'))
      .to.throw(InvalidCaptureFieldError)
      .with.nested.property('issues[0].path', 'artifact_id');
    expect(() => SubspaceId.of('nope'))
      .to.throw(InvalidCaptureFieldError)
      .with.nested.property('issues[0].path', 'subspace_id');
    expect(() => SignalId.of('nope'))
      .to.throw(InvalidCaptureFieldError)
      .with.nested.property('issues[0].path', 'signal_id');
  });
});

describe('ArtifactUrl', () => {
  it('accepts an absolute http(s) URL, trimmed', () => {
    expect(ArtifactUrl.of('  https://example.com/a?b=c#d ').value).to.equal('https://example.com/a?b=c#d');
    expect(ArtifactUrl.of('http://x').toString()).to.equal('http://x');
    expect(ArtifactUrl.of('http://x').equals(ArtifactUrl.of('http://x'))).to.equal(true);
  });

  for (const raw of [
    '',
    '   ',
    'example.com',
    'ftp://example.com',
    'https://',
    'https://exa mple.com',
    'https://a/\u0000',
    `https://a/${'x'.repeat(2048)}`,
    42 as unknown as string,
  ]) {
    it(`rejects ${JSON.stringify(raw).slice(0, 40)}`, () => {
      expect(() => ArtifactUrl.of(raw))
        .to.throw(InvalidCaptureFieldError)
        .that.deep.include({ code: 'INVALID_URL' })
        .with.nested.property('issues[0].path', 'url');
    });
  }
});

describe('ArtifactTitle and SubspaceName', () => {
  it('trim and normalise', () => {
    expect(ArtifactTitle.of('  Attention Is All You Need ').value).to.equal('Attention Is All You Need');
    expect(SubspaceName.of(' Cafe\u0301 ').value).to.equal('Café');
  });

  it('compare subspace names ignoring letter case', () => {
    expect(SubspaceName.of('Machine Learning').sameAs(SubspaceName.of('machine learning'))).to.equal(true);
    expect(SubspaceName.of('Machine Learning').sameAs(SubspaceName.of('Learning'))).to.equal(false);
  });

  it('reject blank, too long or control characters', () => {
    expect(() => ArtifactTitle.of(' '))
      .to.throw(InvalidCaptureFieldError)
      .with.property('code', 'INVALID_TITLE');
    expect(() => ArtifactTitle.of('x'.repeat(501)))
      .to.throw(InvalidCaptureFieldError)
      .with.nested.property('issues[0].message', 'must be 1 to 500 characters');
    expect(ArtifactTitle.of('😀'.repeat(500)).value).to.have.length(1000);
    expect(() => SubspaceName.of('x'.repeat(101)))
      .to.throw(InvalidCaptureFieldError)
      .with.nested.property('issues[0].path', 'name');
    expect(() => SubspaceName.of('a\tb'))
      .to.throw(InvalidCaptureFieldError)
      .with.nested.property('issues[0].message', 'must not contain control characters');
    expect(() => SubspaceName.of(undefined as unknown as string)).to.throw(InvalidCaptureFieldError);
  });
});
