/** One release of the API: its version, the day it was published, and what changed (Markdown, one item each). */
interface ApiRelease {
  readonly version: string;
  readonly date?: string;
  readonly changes: readonly string[];
}

/**
 * The API changelog, latest release first: the one source of the OpenAPI document's changelog and
 * of docs/api-versioning.md's (which `pnpm openapi:generate` rewrites, and a test compares).
 */
const API_CHANGELOG: readonly ApiRelease[] = [
  {
    version: '2.2.0',
    date: '2026-12-02',
    changes: [
      '`GET /v1/accounts/users` (and `/v2`) answers with an `ETag` for the page, which changes when one of its users does: ' +
        '`If-None-Match` gets 304 while the page is unchanged, and `If-Match` 412 once it changed. ' +
        '`If-Match` on `GET /v1/capture/artifacts/{artifact_id}` is evaluated too. ' +
        'New optional headers and responses only: nothing changes for clients that do not send them.',
    ],
  },
  {
    version: '2.1.0',
    date: '2026-12-02',
    changes: [
      'Capture, a second context, under `/v1` only: `POST`/`GET /v1/capture/artifacts`, `GET /v1/capture/artifacts/{artifact_id}`, ' +
        'its `signals` (`POST`, `GET`) and `similar` (`GET`), `POST`/`GET /v1/capture/subspaces` and ' +
        '`GET /v1/capture/subspaces/{subspace_id}`, with the scopes `capture:read` and `capture:write`. ' +
        'New operations only: nothing changes for existing clients.',
    ],
  },
  {
    version: '2.0.0',
    date: '2026-12-02',
    changes: [
      '`/v2/accounts/users…` added: the same resources and operations as `/v1`.',
      'Breaking in v2: `PATCH /v2/accounts/users/{user_id}` requires `If-Match` with the ETag the change is based on; ' +
        'without it the answer is 428 `precondition_required` and nothing is written.',
      'Deprecated: `PATCH /v1/accounts/users/{user_id}` (since 2026-12-02, sunset 2027-06-30). ' +
        'Move to the v2 operation and send `If-Match`.',
      'operationIds of v2 end in `V2` (`updateUserV2`); v1 operationIds are unchanged.',
    ],
  },
  {
    version: '1.0.0',
    changes: ['`/v1/accounts/users…`: register, get, list and update users.'],
  },
];

const LINE_WIDTH = 100;

/**
 * The changelog as Markdown: a `###` heading per release and a list of its changes, wrapped at
 * 100 characters (never inside a code span). What the document's description and the policy show.
 */
export function renderChangelog(): string {
  return API_CHANGELOG.map(({ version, date, changes }) =>
    [`### ${version}${date === undefined ? '' : ` (${date})`}`, '', ...changes.flatMap((change) => listItem(change))].join('\n'),
  ).join('\n\n');
}

function listItem(text: string): string[] {
  const lines: string[] = [];
  let line = '-';
  for (const word of words(text)) {
    if (line.length + 1 + word.length > LINE_WIDTH && line.trim() !== '-') {
      lines.push(line);
      line = ' ';
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

/** The text's words, a code span with spaces in it kept as one. */
function words(text: string): string[] {
  return text.match(/(?:`[^`]*`|[^\s`])+/g) ?? [];
}
