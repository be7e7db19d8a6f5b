import type { LogFields } from '@proj/application';

import { isSecretKey, redactText } from './redact.js';

/**
 * Keys a line's fields must not have for {@link flatJsonLine}: winston gives them a meaning of its
 * own (it appends a `message` field to the message, copies `stack` and `cause`, and the timestamp
 * format overwrites `timestamp`), so such lines take winston's whole pipeline.
 */
const WINSTON_KEYS = new Set(['level', 'message', 'stack', 'cause', 'timestamp', '__proto__']);
/** A message with printf tokens makes winston drop the fields (they become its `splat`): left to winston. */
const PRINTF_TOKEN = /%[scdjifoO%]/;

/** Whether JSON must escape a character of `text`: a quote, a backslash, a control character or a surrogate (lone ones are escaped, as JSON.stringify does). */
function needsEscaping(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return true;
  }
  return false;
}
/** Field names as JSON, followed by a colon: a handful of names, quoted once each. */
const quotedKeys = new Map<string, string>();
const MAX_QUOTED_KEYS = 1000;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (quotedKeys.size < MAX_QUOTED_KEYS) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** The JSON of a flat value, as JSON.stringify writes it, without its cost for the common string. */
function jsonOf(value: unknown): string {
  if (typeof value === 'string') return needsEscaping(value) ? JSON.stringify(value) : `"${value}"`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return String(value);
}

/** Sorts a few strings by code unit, as `Array#sort` does, without its work arrays. */
function sortFew(items: string[]): void {
  for (let index = 1; index < items.length; index += 1) {
    const item = items[index] as string;
    let at = index - 1;
    while (at >= 0 && (items[at] as string) > item) {
      items[at + 1] = items[at] as string;
      at -= 1;
    }
    items[at + 1] = item;
  }
}

/** The value a key has once `sources` are merged in order, later ones winning (as `{ ...a, ...b }`). */
function valueOf(sources: readonly (LogFields | undefined)[], key: string): unknown {
  for (let index = sources.length - 1; index >= 0; index -= 1) {
    const source = sources[index];
    if (source !== undefined && Object.hasOwn(source, key)) return source[key];
  }
  return undefined;
}

/**
 * The JSON line winston's JSON pipeline (redaction, timestamp, deterministic stringify) writes for
 * a line whose fields are all strings, numbers, booleans or null, built directly: the same text,
 * byte for byte, for the lines every request writes (the access line, key events), without
 * winston's format chain and object stream. Undefined for any other line, which winston formats.
 * @param sources the line's fields in layers, merged in order with later ones winning (winston's
 *   default metadata, the context's, the child logger's, the line's own), without copying them
 */
export function flatJsonLine(
  level: string,
  message: string,
  sources: readonly (LogFields | undefined)[],
  timestamp: string,
): string | undefined {
  if (PRINTF_TOKEN.test(message)) return undefined;
  const keys = ['level', 'message', 'timestamp'];
  for (const source of sources) {
    if (source === undefined) continue;
    for (const key in source) {
      if (!Object.hasOwn(source, key)) continue;
      const value = valueOf(sources, key);
      if (value === undefined) continue;
      if (WINSTON_KEYS.has(key)) return undefined;
      if (keys.includes(key)) continue;
      if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
      keys.push(key);
    }
  }
  // The order safe-stable-stringify's deterministic mode writes: keys sorted by code unit.
  sortFew(keys);
  let line = '{';
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as string;
    let value: unknown;
    if (key === 'level') value = level;
    else if (key === 'message') value = redactText(message);
    else if (key === 'timestamp') value = timestamp;
    else if (isSecretKey(key)) value = '[REDACTED]';
    else {
      const field = valueOf(sources, key);
      value = typeof field === 'string' ? redactText(field) : field;
    }
    line += `${index === 0 ? '' : ','}${quotedKey(key)}${jsonOf(value)}`;
  }
  return `${line}}`;
}
