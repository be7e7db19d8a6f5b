import { v7 } from 'uuid';

import type { IdGenerator } from '@proj/application';

/**
 * Time-ordered UUIDs (RFC 9562 version 7, by the `uuid` package): new rows land at the right edge
 * of the primary-key index instead of at random pages, which keeps inserts cheap as the table
 * grows. Ids made in the same millisecond still increase (the package keeps a sequence).
 */
export class UuidV7Generator implements IdGenerator {
  next(): string {
    return v7();
  }
}
