import { expect } from 'chai';
import fc from 'fast-check';

import { testAppForSuite } from '../../support/test-app-for-suite.js';

const SEED = 20_261_202;
const USERS = '/v1/accounts/users';

/** Latin letters and a look-alike of each (Cyrillic, Greek, fullwidth). */
const LOOK_ALIKES: Readonly<Record<string, readonly string[]>> = {
  a: ['\u0430', '\uff41'],
  e: ['\u0435', '\uff45'],
  o: ['\u043e', '\u03bf', '\uff4f'],
  p: ['\u0440', '\uff50'],
  c: ['\u0441', '\uff43'],
  x: ['\u0445', '\uff58'],
};
/** Characters that do not show, or reorder what does. */
const INVISIBLES = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u202e', '\u202d', '\u2066', '\u200e', '\u061c', '\u034f'];

describe('hostile client: e-mail addresses that look like another', () => {
  const t = testAppForSuite();

  it('refuses with 409 an address that differs from a registered one only by look-alike letters', async function () {
    this.timeout(60_000);
    const local = fc.stringMatching(/^[aeopcx]{3,8}$/);
    await fc.assert(
      fc.asyncProperty(local, fc.nat(), fc.boolean(), async (name, pick, inDomain) => {
        const original = `${name}@${inDomain ? 'example' : 'place'}.com`;
        const first = await t.api.post(USERS).send({ email: original, full_name: 'Original' });
        if (first.status !== 201) return; // an earlier run registered it or a look-alike of it
        const letters = [...original];
        const positions = letters.flatMap((c, i) =>
          LOOK_ALIKES[c] !== undefined && (inDomain ? i > name.length : i < name.length) ? [i] : [],
        );
        const at = positions[pick % positions.length] ?? 0;
        const choices = LOOK_ALIKES[letters[at] ?? 'a'] ?? ['\u0430'];
        letters[at] = choices[pick % choices.length] ?? '\u0430';
        const impostor = await t.api.post(USERS).send({ email: letters.join(''), full_name: 'Impostor' });
        expect(impostor.status, letters.join('')).to.equal(409);
        expect(impostor.body.code).to.equal('user_already_exists');
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('refuses invisible and direction-control characters in an address with 422', async function () {
    this.timeout(60_000);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...INVISIBLES), fc.integer({ min: 0, max: 15 }), async (invisible, at) => {
        const address = 'grace.hopper@example.com';
        const email = `${address.slice(0, at)}${invisible}${address.slice(at)}`;
        const response = await t.api.post(USERS).send({ email, full_name: 'Grace' });
        expect(response.status, JSON.stringify(email)).to.equal(422);
        expect(response.body.errors).to.deep.include.members([
          { path: 'email', message: 'must not contain invisible or direction-control characters' },
        ]);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  it('treats decomposed and precomposed accents, and a Unicode domain and its punycode, as one address', async () => {
    await t.api.post(USERS).send({ email: 'ren\u00e9@b\u00fccher.example', full_name: 'René' }).expect(201);
    for (const same of ['rene\u0301@b\u00fccher.example', 'ren\u00e9@xn--bcher-kva.example', 'RENE\u0301@BU\u0308CHER.EXAMPLE']) {
      const response = await t.api.post(USERS).send({ email: same, full_name: 'Again' });
      expect(response.status, same).to.equal(409);
    }
  });

  it('refuses a local part with a leading, trailing or doubled dot', async () => {
    for (const email of ['.ada@example.com', 'ada.@example.com', 'a..da@example.com']) {
      const response = await t.api.post(USERS).send({ email, full_name: 'Dots' });
      expect(response.status, email).to.equal(422);
    }
  });

  it('refuses a full name with format characters or separators, or made only of invisible ones', async () => {
    for (const fullName of ['Ada\u202eecalvoL', '\u200b\u200b', 'Ada\u2028Lovelace', 'Ada\ufffe', '\u3164']) {
      const response = await t.api.post(USERS).send({ email: `name.${fullName.codePointAt(1) ?? 0}@example.com`, full_name: fullName });
      expect(response.status, JSON.stringify(fullName)).to.equal(422);
      expect(response.body.errors.map((e: { path: string }) => e.path)).to.include('full_name');
    }
  });
});
