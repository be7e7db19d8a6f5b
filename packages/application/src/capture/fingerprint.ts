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

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = (1n << 64n) - 1n;

function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}
