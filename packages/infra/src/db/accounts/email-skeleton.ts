import { domainToUnicode } from 'node:url';

import confusables from 'unhomoglyph/data.json' with { type: 'json' };

import type { Email } from '@proj/domain';

/**
 * The "recommended confusable mapping" of Unicode TS #39 (confusables.txt), one code point to the
 * string it may be mistaken for, as the unhomoglyph package ships it (decision 0113).
 */
const CONFUSABLES: Readonly<Record<string, string>> = confusables;

/**
 * The TS #39 skeleton of `text`: NFD, each code point replaced by its prototype, NFD again. Two
 * strings that look alike (Cyrillic `а` and Latin `a`, `rn` and `m`, fullwidth letters) have the
 * same skeleton. Not for display.
 */
export function skeleton(text: string): string {
  let mapped = '';
  for (const char of text.normalize('NFD')) mapped += CONFUSABLES[char] ?? char;
  return mapped.normalize('NFD');
}

/**
 * What makes two addresses look the same: the skeleton of the local part and of the domain in
 * Unicode (from its A-label form, so a punycode domain and its Unicode spelling agree).
 * The `users` table keeps it under a unique index, so the second of two look-alike addresses is a
 * conflict.
 */
export function emailSkeleton(email: Email): string {
  return `${skeleton(email.localPart)}@${skeleton(domainToUnicode(email.asciiDomain))}`;
}
