import type { ProblemFieldError } from '../problems/problem-details.js';

/**
 * How deep a request body may nest (an object or array counts one level). Every operation's body
 * is a handful of levels deep; the bound keeps every later walk of the value (the idempotency
 * fingerprint, the prototype-key check, validation) far from the stack's limit (decision 0110).
 */
export const MAX_JSON_DEPTH = 32;

/** Keys that can reach an object's prototype when a parsed value is merged or assigned. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** A UTF-16 code unit that is half of a pair but stands alone (with `u`, a pair is one code point). */
const LONE_SURROGATE = /\p{Cs}/u;
/** A path segment is shown up to this many characters, so an error never echoes an unbounded key. */
const MAX_SEGMENT_LENGTH = 64;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Why a body is not accepted JSON: the reasons of a 400 `malformed_json`. */
type MalformedReason = 'syntax' | 'encoding' | 'depth';

/** The outcome of {@link parseBoundedJson}. */
export type BoundedJsonResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly malformed: MalformedReason }
  | { readonly ok: false; readonly invalid: ProblemFieldError };

/**
 * Parses a request body as JSON, refusing before anything walks the value:
 * - bytes that are not well-formed UTF-8 (no silent U+FFFD) -> `encoding`;
 * - nesting deeper than {@link MAX_JSON_DEPTH} (found by a linear scan of the text, before
 *   parsing, when it has more brackets than that) -> `depth`;
 * - anything `JSON.parse` refuses, or a top level that is not an object or an array -> `syntax`;
 * - a string or key holding a lone surrogate (`"\ud800"`: PostgreSQL would store U+FFFD, so what
 *   was confirmed would not be what was stored), or a key that reaches a prototype
 *   (`__proto__`, `constructor`, `prototype`) -> `invalid`, naming the field.
 */
export function parseBoundedJson(bytes: Uint8Array): BoundedJsonResult {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, malformed: 'encoding' };
  }
  // Fewer brackets than the bound cannot nest past it, and a text whose brackets do not balance is
  // refused by the parse as well: only a text with more brackets needs the scan.
  if (hasMoreBrackets(text, MAX_JSON_DEPTH)) {
    const depth = nestingDepth(text);
    if (depth === undefined) return { ok: false, malformed: 'syntax' };
    if (depth > MAX_JSON_DEPTH) return { ok: false, malformed: 'depth' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, malformed: 'syntax' };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, malformed: 'syntax' };
  const invalid = findInvalidString(value);
  return invalid === undefined ? { ok: true, value } : { ok: false, invalid };
}

/** Whether `text` holds more than `bound` opening brackets (`[` and `{`), in strings or not. */
function hasMoreBrackets(text: string, bound: number): boolean {
  let count = 0;
  for (const bracket of ['[', '{']) {
    for (let at = text.indexOf(bracket); at !== -1; at = text.indexOf(bracket, at + 1)) {
      count += 1;
      if (count > bound) return true;
    }
  }
  return false;
}

/**
 * The deepest nesting of brackets outside strings, in one pass; `undefined` when the brackets do
 * not balance (the parse would refuse it anyway).
 */
function nestingDepth(text: string): number | undefined {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
      if (depth < 0) return undefined;
    }
  }
  return depth === 0 ? deepest : undefined;
}

/**
 * The first key or string value that is refused, with the dot-separated path of its field.
 * Iterative; the value was parsed from a bounded text, so the walk is bounded too.
 */
function findInvalidString(root: object): ProblemFieldError | undefined {
  const pending: Array<{ readonly value: unknown; readonly path: string }> = [{ value: root, path: '' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value))
        return { path: path === '' ? 'body' : path, message: 'is not well-formed Unicode (a lone surrogate)' };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      // An index is never a refused key: only its strings and containers are walked, in the order
      // the keys would have been (an embedding is hundreds of numbers).
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'string' || (typeof item === 'object' && item !== null))
          pending.push({ value: item, path: path === '' ? String(i) : `${path}.${i}` });
      }
      continue;
    }
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      const refused = PROTOTYPE_KEYS.has(key)
        ? 'is not an accepted field'
        : LONE_SURROGATE.test(key)
          ? 'is not well-formed Unicode (a lone surrogate)'
          : undefined;
      // A number, boolean or null under an accepted key holds nothing to refuse: no path is made for
      // it (an embedding is hundreds of numbers).
      if (refused === undefined && typeof item !== 'string' && (typeof item !== 'object' || item === null)) continue;
      const child = path === '' ? displayKey(key) : `${path}.${displayKey(key)}`;
      if (refused !== undefined) return { path: child, message: refused };
      pending.push({ value: item, path: child });
    }
  }
  return undefined;
}

/** A key as a path segment: lone surrogates escaped, at most {@link MAX_SEGMENT_LENGTH} characters. */
function displayKey(key: string): string {
  const shown = key.length > MAX_SEGMENT_LENGTH ? `${key.slice(0, MAX_SEGMENT_LENGTH)}…` : key;
  return shown.replace(/\p{Cs}/gu, (unit) => `\\u${unit.charCodeAt(0).toString(16)}`);
}
