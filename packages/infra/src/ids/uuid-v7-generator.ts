import { randomBytes } from 'node:crypto';

import type { IdGenerator } from '@proj/application';

/**
 * Time-ordered UUIDs (RFC 9562 version 7): new rows land at the right edge of the primary-key
 * index instead of at random pages, which keeps inserts cheap as the table grows.
 */
export class UuidV7Generator implements IdGenerator {
  next(): string {
    const bytes = randomBytes(16);
    const millis = BigInt(Date.now());
    for (let i = 0; i < 6; i += 1) bytes[i] = Number((millis >> BigInt(8 * (5 - i))) & 0xffn);
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
