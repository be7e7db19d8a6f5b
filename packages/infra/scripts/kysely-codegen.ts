// Runs kysely-codegen against a database: writes the generated types, or verifies them.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { GENERATED_TYPES_FILE, PACKAGE_DIR } from './paths.js';

export interface CodegenResult {
  /** 0 when the file was written, or (with `verify`) when it matches the database. */
  readonly status: number;
  readonly output: string;
}

export function runKyselyCodegen(url: string, options: { readonly verify: boolean; readonly outFile?: string }): CodegenResult {
  const args = [
    '--dialect',
    'postgres',
    '--url',
    url,
    '--out-file',
    options.outFile ?? GENERATED_TYPES_FILE,
    '--exclude-pattern',
    'schema_migrations*',
    '--runtime-enums',
    'false',
    ...(options.verify ? ['--verify'] : []),
  ];
  const result = spawnSync(join(PACKAGE_DIR, 'node_modules', '.bin', 'kysely-codegen'), args, { cwd: PACKAGE_DIR, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}${result.error ? String(result.error) : ''}`;
  return { status: result.status ?? 1, output: withoutStackTrace(output) };
}

// kysely-codegen reports drift by throwing after printing the diff: keep the diff and the error's
// message, drop Node's report of where it was thrown.
function withoutStackTrace(output: string): string {
  const lines = output.split('\n');
  const stackStart = lines.findIndex((line) => /node_modules\/.*kysely-codegen.*\.js:\d+$/.test(line));
  if (stackStart === -1) return output;
  const message = lines.slice(stackStart).filter((line) => /^\w*Error: /.test(line));
  return `${[...lines.slice(0, stackStart), ...message].join('\n').trimEnd()}\n`;
}
