import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The first of `preferred` that exists, else `name` in the first directory of `path` that has it. */
export function findBinary(name: string, preferred: readonly string[], path: string): string | undefined {
  const candidates = [
    ...preferred,
    ...path
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, name)),
  ];
  return candidates.find((candidate) => existsSync(candidate));
}
