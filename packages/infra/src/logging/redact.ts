import { LRUCache } from 'lru-cache';

const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|api[-_]?key|credential/i;
// Each pattern starts only where a run of the characters it scans begins (the lookbehinds), so a
// long run is scanned once, not once per position: linear time on hostile text (decision 0116).
const EMAIL = /(?<![\p{L}\p{N}._%+-])([\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]*@([\p{L}\p{N}.-]+\.[\p{L}]{2,})/gu;
const URL_CREDENTIALS = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@\s]+@/gi;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const MENTIONS_BEARER = /bearer/i;

/** Field names seen so far and whether they name a secret: a handful of names, tested once each. */
const secretKeys = new LRUCache<string, boolean>({ max: 1000 });

/** Whether a field of this name holds a secret (its value is then never logged). */
export function isSecretKey(key: string): boolean {
  let secret = secretKeys.get(key);
  if (secret === undefined) {
    secret = SECRET_KEY.test(key);
    secretKeys.set(key, secret);
  }
  return secret;
}

/**
 * Masks an e-mail address's local part, any password embedded in a URL, bearer credentials and
 * anything shaped like a JWT, wherever they appear in free text (messages, error messages, stacks).
 */
export function redactText(text: string): string {
  // Each pattern needs a character or word that most text lacks: checking for it first spares
  // the regular expressions on the common line (an access line has no '@', no "Bearer", no "eyJ").
  let safe = text;
  if (safe.includes('@')) safe = safe.replace(EMAIL, '$1***@$2').replace(URL_CREDENTIALS, '$1***@');
  if (MENTIONS_BEARER.test(safe)) safe = safe.replace(BEARER, '$1[REDACTED]');
  if (safe.includes('eyJ')) safe = safe.replace(JWT, '[REDACTED JWT]');
  return safe;
}

/**
 * A copy of `value` safe to log: fields whose names suggest a secret are replaced, e-mail
 * addresses are masked everywhere, and errors keep their name, message and stack (masked).
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[Truncated]';
  if (typeof value === 'string') return redactText(value);
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message), stack: value.stack && redactText(value.stack) };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const safe = isSecretKey(key) ? '[REDACTED]' : redact((value as Record<string, unknown>)[key], depth + 1);
    // A field named __proto__ stays a field, as Object.fromEntries would keep it.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: safe, enumerable: true, writable: true, configurable: true });
    else copy[key] = safe;
  }
  return copy;
}
