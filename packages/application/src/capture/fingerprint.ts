/**
 * A stable fingerprint of a command: the command's kind and the FNV-1a 64-bit hash of a canonical
 * serialisation of its fields (keys sorted, numbers in their shortest round-trip form, dates as
 * epoch milliseconds). Equal commands have equal fingerprints in every process and version of
 * Node; different commands almost surely differ. Pure TypeScript: the application imports no
 * hashing library.
 */
export function fingerprint(kind: string, fields: Readonly<Record<string, unknown>>): string {
  return `${kind}:${fnv1a64(canonical(fields))}`;
}

function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return `d${value.getTime()}`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * FNV-1a 64 over the UTF-16 code units of `text` (each XORed whole into the hash), in four 16-bit
 * limbs of plain numbers: the same value as the `BigInt` arithmetic of its definition, without a
 * `BigInt` allocated per operation (an embedding's 7 000 characters made 1 MB of them per capture).
 */
function fnv1a64(text: string): string {
  // The offset basis 0xcbf29ce484222325, low limb first.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (let i = 0; i < text.length; i += 1) {
    h0 ^= text.charCodeAt(i);
    // × the prime 0x100000001b3 = 2^40 + 0x1b3, modulo 2^64: 2^40 is 0x100 in the third limb.
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + h0 * 0x100 + (t1 >>> 16);
    const t3 = h3 * 0x1b3 + h1 * 0x100 + (t2 >>> 16);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, '0')).join('');
}
