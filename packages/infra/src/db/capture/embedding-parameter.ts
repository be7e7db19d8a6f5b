/** `float4`'s type oid: the element type a binary `real[]` names (PostgreSQL refuses any other). */
const FLOAT4_OID = 700;
/** Dimensions, null flag, element type, then the one dimension's length and lower bound. */
const HEADER_BYTES = 20;
/** Each element: its length (4) and its 4 bytes. */
const ELEMENT_BYTES = 8;

/**
 * An embedding as a parameter of type `real[]` (decision 0127). pg sends a `Buffer` in PostgreSQL's
 * binary format: here the array's binary form, each number as the 32-bit float PostgreSQL would
 * have made of its text, with no number printed in Node nor parsed in PostgreSQL (printing 384
 * doubles, once per statement, was the largest function of a capture's CPU profile).
 *
 * When any number would not come out of the text as that float, the text of the array is sent as
 * before, so that what PostgreSQL stores or refuses never depends on the format:
 * - a number a 32-bit float cannot hold (it overflows, or underflows to zero): PostgreSQL's text
 *   input refuses it (`22003`, "must contain numbers a 32-bit float can hold");
 * - a number exactly halfway between two 32-bit floats: its shortest decimal text is not exactly
 *   halfway, so the text input rounds it to the side that text falls on, not to the even one.
 * Negative zero goes as zero, as its text (`0`) did.
 */
export function embeddingParameter(values: readonly number[]): Buffer | string {
  // A capture sends one embedding twice (the assignment, then the write): it is encoded once.
  let parameter = encoded.get(values);
  if (parameter === undefined) {
    parameter = encode(values);
    encoded.set(values, parameter);
  }
  return parameter;
}

/** The parameters made for embeddings still in use, by their array (a domain value, never changed). */
const encoded = new WeakMap<readonly number[], Buffer | string>();

function encode(values: readonly number[]): Buffer | string {
  const bytes = Buffer.allocUnsafe(HEADER_BYTES + values.length * ELEMENT_BYTES);
  bytes.writeInt32BE(1, 0);
  bytes.writeInt32BE(0, 4);
  bytes.writeInt32BE(FLOAT4_OID, 8);
  bytes.writeInt32BE(values.length, 12);
  bytes.writeInt32BE(1, 16);
  // By index: an iterator's results for a frozen array of doubles were 20 KB per embedding.
  for (let i = 0, offset = HEADER_BYTES; i < values.length; i += 1, offset += ELEMENT_BYTES) {
    const value = values[i] as number;
    const single = Math.fround(value);
    if (!sameAsFromText(value, single)) return embeddingText(values);
    bytes.writeInt32BE(4, offset);
    bytes.writeFloatBE(single === 0 ? 0 : single, offset + 4);
  }
  return bytes;
}

/**
 * Whether `single` (`Math.fround(value)`) is the float PostgreSQL reads from `value`'s shortest
 * text. That text rounds back to `value` alone among doubles, so it lies on `value`'s side of every
 * halfway point between two floats but one that `value` is exactly on. So: the float must be finite,
 * not zero unless `value` is, and `value` must not be a halfway point (then the float on its other
 * side, `value + (value - single)`, computed exactly, is a float too).
 */
function sameAsFromText(value: number, single: number): boolean {
  if (!Number.isFinite(single)) return false;
  if (single === 0) return value === 0;
  if (single === value) return true;
  const across = value + (value - single);
  return Math.fround(across) !== across;
}

/** The array's text, `{0.12,-0.5,…}`: numbers need none of pg's quoting or escaping. */
function embeddingText(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}
