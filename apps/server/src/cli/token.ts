// `pnpm run token --scope accounts:read [--scope accounts:write] [--sub name] [--ttl 1h] [--aud name]`:
// prints an access token signed with the configured PROJ_AUTH_JWT_SECRET, for trying the API by hand.
import { parseArgs } from 'node:util';

import { ALL_SCOPES } from '@proj/application/edge';
import { MAX_TOKEN_LIFETIME_SECONDS, mintToken, SystemClock } from '@proj/infra';

import { loadSettingsOrExit } from '../load-settings-or-exit.js';

const USAGE = `Usage: pnpm run token --scope <scope> [--scope <scope>]... [--sub <subject>] [--ttl <duration>] [--aud <audience>]

Prints an HS256 access token signed with PROJ_AUTH_JWT_SECRET (from the environment, or .env in
development and test), carrying PROJ_AUTH_ISSUER when it is set.

  --scope  a scope to grant, repeatable: ${ALL_SCOPES.join(', ')}
  --sub    the token's subject (default: developer)
  --ttl    lifetime: a number followed by s, m, h or d, at most 30d (default: 1h)
  --aud    the token's audience; a server in staging or production requires its PROJ_AUTH_AUDIENCE,
           else its PROJ_SERVICE_NAME (proj by default). Default: the audience the server would
           require with this tool's settings: PROJ_AUTH_AUDIENCE, else PROJ_SERVICE_NAME in staging
           and production, else none (development and test)
`;
const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };
/** The server refuses tokens valid for longer. */
const MAX_TTL_SECONDS = MAX_TOKEN_LIFETIME_SECONDS;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseTtl(text: string): number {
  const match = /^(\d+)([smhd])$/.exec(text);
  const seconds = match ? Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 1) : Number.NaN;
  if (!(seconds > 0 && seconds <= MAX_TTL_SECONDS)) fail(`--ttl ${text}: expected a lifetime such as 15m, 1h or 7d, at most 30d`);
  return seconds;
}

function parseOptions() {
  return parseArgs({
    options: {
      scope: { type: 'string', multiple: true, default: [] },
      sub: { type: 'string', default: 'developer' },
      ttl: { type: 'string', default: '1h' },
      aud: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
}
let args: ReturnType<typeof parseOptions>;
try {
  args = parseOptions();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (args.values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const scopes = [...new Set(args.values.scope)];
if (scopes.length === 0) fail('Give at least one --scope.');
const unknown = scopes.filter((scope) => !(ALL_SCOPES as readonly string[]).includes(scope));
if (unknown.length > 0) fail(`Unknown scope: ${unknown.join(', ')}.`);
const subject = args.values.sub.trim();
if (subject === '') fail('--sub must not be empty.');
const ttlSeconds = parseTtl(args.values.ttl);
const audienceOption = args.values.aud?.trim();
if (audienceOption === '') fail('--aud must not be empty.');

const { key, issuer, audience: configuredAudience } = loadSettingsOrExit().auth;
const audience = audienceOption ?? configuredAudience;
if (key.kind !== 'secret') {
  fail(
    key.kind === 'jwks'
      ? 'PROJ_AUTH_JWKS_URL is set: tokens come from that identity provider, not from this tool.'
      : 'PROJ_AUTH_JWT_SECRET is not set. Set it (at least 32 bytes, e.g. in .env) for the server and this tool, or use the token the development server prints at start.',
  );
}

process.stdout.write(
  `${await mintToken({ secret: key.secret, subject, scopes, ttlSeconds, issuer, audience, now: new SystemClock().now() })}\n`,
);
