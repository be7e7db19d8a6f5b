/** The permissions a caller can hold, as OAuth scope strings. */
export const Scopes = {
  /** Read users: every GET under `/v1/accounts`. */
  accountsRead: 'accounts:read',
  /** Create and change users: every POST and PATCH under `/v1/accounts`. */
  accountsWrite: 'accounts:write',
  /** Read artifacts, their signals, similar artifacts and subspaces: every GET under `/v1/capture`. */
  captureRead: 'capture:read',
  /** Capture artifacts, record signals, create subspaces: every POST under `/v1/capture`. */
  captureWrite: 'capture:write',
} as const;

export type Scope = (typeof Scopes)[keyof typeof Scopes];

/** Every scope this service knows, for tools that mint development tokens. */
export const ALL_SCOPES: readonly Scope[] = Object.freeze(Object.values(Scopes));
