#!/usr/bin/env node
// Writes a `.env` for the local compose stack with fresh random secrets:
//   pnpm env:init [path]      (default: .env at the repository root)
// Refuses to overwrite an existing file: its database password is the one the volume was
// initialised with (see docs/operations.md, "Changing the database password").
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const target = resolve(process.argv[2] ?? resolve(root, '.env'));

if (existsSync(target)) {
  console.error(`${target} exists; not overwritten (remove it first to start over with a new database volume)`);
  process.exit(1);
}

// base64 on purpose for the password: `/` and `+` are URL-reserved, which the stack must survive.
const secret = (bytes) => randomBytes(bytes).toString('base64');
const lines = [
  '# Written by `pnpm env:init` for the local compose stack. Keep it out of version control.',
  `POSTGRES_PASSWORD=${secret(24)}`,
  `PROJ_CURSOR_SECRET=${secret(48)}`,
  `PROJ_AUTH_JWT_SECRET=${secret(48)}`,
  '',
];
writeFileSync(target, lines.join('\n'), { mode: 0o600 });
console.log(`wrote ${target}: POSTGRES_PASSWORD, PROJ_CURSOR_SECRET, PROJ_AUTH_JWT_SECRET (random)`);
