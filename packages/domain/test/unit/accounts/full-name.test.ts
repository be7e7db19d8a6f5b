import { expect } from 'chai';

import { FullName, InvalidFullNameError } from '../../../src/index.js';

describe('FullName', () => {
  describe('when the name is valid', () => {
    it('trims surrounding whitespace', () => {
      expect(FullName.of('  Ada Lovelace \n').value).to.equal('Ada Lovelace');
    });

    it('counts characters, not UTF-16 units, against the 200 limit', () => {
      const emojis = '😀'.repeat(200);
      expect(FullName.of(emojis).value).to.equal(emojis);
    });

    it('keeps the joiners that Persian, Indic scripts and emoji sequences need', () => {
      for (const name of ['می\u200cخواهم', 'क्\u200dष', '👩\u200d💻 Ada']) expect(FullName.of(name).value).to.equal(name);
    });

    it('restores a stored name without the checks added since', () => {
      expect(FullName.restore('Ada\u00adLovelace').value).to.equal('Ada\u00adLovelace');
    });

    it('normalises to NFC so equal names compare equal', () => {
      expect(FullName.of('Zoe\u0301').equals(FullName.of('Zoé'))).to.equal(true);
    });
  });

  describe('when the name is invalid', () => {
    it('rejects a blank name', () => {
      expect(() => FullName.of(' \t ')).to.throw(InvalidFullNameError, /blank/);
    });

    it('rejects a name made only of invisible characters', () => {
      for (const name of ['\u200b', '\u200d\u200c', ' \u3164 ', '\u00ad\u2060']) {
        expect(() => FullName.of(name), JSON.stringify(name)).to.throw(InvalidFullNameError, /blank/);
      }
    });

    it('rejects format characters, line and paragraph separators, and noncharacters', () => {
      for (const name of [
        'Ada\u202eecalvoL',
        'Ada\u200bLovelace',
        'Ada\u00adLovelace',
        'Ada\u2028Lovelace',
        'Ada\u2029Lovelace',
        'Ada\ufdd0',
        'Ada\uffff',
        'Ada\u{10ffff}',
      ]) {
        expect(() => FullName.of(name), JSON.stringify(name)).to.throw(InvalidFullNameError, /formatting/);
      }
    });

    it('rejects a name over 200 characters', () => {
      expect(() => FullName.of('a'.repeat(201))).to.throw(InvalidFullNameError, /200/);
    });

    it('rejects control characters such as NUL', () => {
      expect(() => FullName.of('Ada\u0000Lovelace')).to.throw(InvalidFullNameError, /control/);
    });

    it('names the full_name field in its issues', () => {
      expect(() => FullName.of(''))
        .to.throw(InvalidFullNameError)
        .with.nested.property('issues[0].path', 'full_name');
    });
  });
});
