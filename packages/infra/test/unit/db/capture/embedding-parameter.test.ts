import { expect } from 'chai';

import { embeddingParameter } from '../../../../src/db/capture/embedding-parameter.js';

/** The elements of a binary one-dimensional `real[]`, after checking its header. */
function floatsOf(parameter: Buffer | string, length: number): number[] {
  expect(parameter).to.be.instanceOf(Buffer);
  const bytes = parameter as Buffer;
  expect(bytes.length).to.equal(20 + 8 * length);
  // One dimension, no nulls, float4 elements, `length` of them from index 1.
  expect([0, 4, 8, 12, 16].map((offset) => bytes.readInt32BE(offset))).to.deep.equal([1, 0, 700, length, 1]);
  return Array.from({ length }, (_, i) => {
    expect(bytes.readInt32BE(20 + 8 * i), `length of element ${i}`).to.equal(4);
    return bytes.readFloatBE(24 + 8 * i);
  });
}

describe('embeddingParameter', () => {
  it('sends the array in binary, each number as its 32-bit float', () => {
    const values = [0.1, -0.25, 1, 3.4028234663852886e38, 1e-40, 0.123456789, -1e-7];
    expect(floatsOf(embeddingParameter(values), values.length)).to.deep.equal(values.map((value) => Math.fround(value)));
  });

  it('sends negative zero as zero, as its text did', () => {
    const [first, second] = floatsOf(embeddingParameter([-0, 1]), 2);
    expect(Object.is(first, 0)).to.equal(true);
    expect(second).to.equal(1);
  });

  it('sends the text when a number does not come out of its text as its 32-bit float', () => {
    for (const odd of [
      1e39, // overflows: PostgreSQL refuses its text
      -1e300,
      1e-46, // underflows to zero: refused too
      5e-324,
      1 + 2 ** -24, // halfway between 1 and the next float: its text rounds up, Math.fround to even (down)
      -(2 ** -149) * 1.5, // halfway between the two smallest subnormal floats
      3.4028235677973366e38, // halfway between the largest float and 2^128
    ]) {
      expect(embeddingParameter([0.5, odd, 0.25]), String(odd)).to.equal(`{0.5,${String(odd)},0.25}`);
    }
  });

  it('keeps binary for numbers next to a halfway point', () => {
    const halfway = 1 + 2 ** -24;
    const [below, above] = floatsOf(embeddingParameter([halfway - 2 ** -52, halfway + 2 ** -52]), 2);
    expect(below).to.equal(1);
    expect(above).to.equal(1 + 2 ** -23);
  });

  it('encodes one embedding once, however many statements send it', () => {
    const values = Object.freeze([0.5, -0.25, 0.125]);
    expect(embeddingParameter(values)).to.equal(embeddingParameter(values));
    const equal = embeddingParameter([0.5, -0.25, 0.125]);
    expect(equal).to.not.equal(embeddingParameter(values));
    expect(equal).to.deep.equal(embeddingParameter(values));
  });
});
