import { expect } from 'chai';

import { findSecrets, parseEnvFile, reservedPassword } from '../smoke-lib.mjs';

describe('docker smoke helpers', () => {
  it('reads KEY=value lines, skipping comments and blank lines, keeping = and / in values', () => {
    expect(parseEnvFile('# comment\nA=1\n\nB=x/y+z==\nnot a line\n')).to.deep.equal({ A: '1', B: 'x/y+z==' });
  });

  it('makes passwords that carry every URL-reserved character the stack must survive', () => {
    const password = reservedPassword();
    for (const c of ['/', '+', '@', '%', ':', '?', '&', '=']) expect(password).to.contain(c);
    expect(password).not.to.match(/[#$'"\s\\`]/);
    expect(() => decodeURIComponent(password)).to.throw(URIError);
    expect(reservedPassword()).not.to.equal(password);
  });

  it('finds secrets as they are and URL-encoded, and says which without printing them', () => {
    const password = 'p/ab+cd@ef%zz';
    const logs = `connecting to postgres://proj:${encodeURIComponent(password)}@postgres/proj\nother line`;
    expect(findSecrets(logs, ['unrelated-secret-value', password])).to.deep.equal([1]);
    expect(findSecrets(`token abcdefghij`, ['abcdefghij'])).to.deep.equal([0]);
    expect(findSecrets('nothing here', ['abcdefghij', password])).to.deep.equal([]);
  });

  it('ignores values too short to be told apart from ordinary text', () => {
    expect(findSecrets('proj proj proj', ['proj'])).to.deep.equal([]);
  });
});
