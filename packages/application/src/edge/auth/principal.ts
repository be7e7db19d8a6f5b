/**
 * Who is calling, as established from a verified credential: the token's subject and the scopes
 * it grants. The api layer derives it and checks scopes; nothing below the api ever sees a token.
 */
export interface Principal {
  /** The token's `sub`: a user or client id chosen by the issuer. Never empty. */
  readonly subject: string;
  /** The scopes the token grants, each once, e.g. `accounts:read`. */
  readonly scopes: readonly string[];
}
