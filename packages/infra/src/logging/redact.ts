const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|api[-_]?key|credential/i;
const EMAIL = /([\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]*@([\p{L}\p{N}.-]+\.[\p{L}]{2,})/gu;
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@\s]+@/gi;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/**
 * Masks an e-mail address's local part, any password embedded in a URL, bearer credentials and
 * anything shaped like a JWT, wherever they appear in free text (messages, error messages, stacks).
 */
export function redactText(text: string): string {
  return text.replace(EMAIL, '$1***@$2').replace(URL_CREDENTIALS, '$1***@').replace(BEARER, '$1[REDACTED]').replace(JWT, '[REDACTED JWT]');
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
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, SECRET_KEY.test(key) ? '[REDACTED]' : redact(item, depth + 1)]),
  );
}
