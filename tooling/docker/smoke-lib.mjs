// Pure helpers of the smoke test (smoke.mjs), kept apart so that they are unit-tested.
import { randomBytes } from 'node:crypto';

/** `KEY=value` lines (a .env file, or base-images.sh's output) to an object; comments and blanks skipped. */
export function parseEnvFile(text) {
  const entries = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) entries[match[1]] = match[2];
  }
  return entries;
}

/**
 * A database password made to break careless URL handling: `/`, `+`, `@`, `:`, `?`, `&`, `=`, a
 * `%` that is not an escape (`%zz`, which decodeURIComponent rejects) and one that is (`%2F`, which
 * a double decoding changes). Nothing a .env file or a shell would interpret (`#`, `$`, quotes, spaces).
 */
export function reservedPassword() {
  const hex = () => randomBytes(4).toString('hex');
  return `p/${hex()}+${hex()}@${hex()}%zz${hex()}%2F:${hex()}?&=`;
}

/**
 * The positions (in `secrets`) of the values that appear in `text`, as they are or URL-encoded.
 * Values shorter than 8 characters are ignored (they would match by chance).
 */
export function findSecrets(text, secrets) {
  const found = [];
  secrets.forEach((secret, index) => {
    if (secret.length < 8) return;
    const forms = new Set([secret, encodeURIComponent(secret), encodeURI(secret)]);
    if ([...forms].some((form) => text.includes(form))) found.push(index);
  });
  return found;
}
