import type { Principal } from './principal.js';

/**
 * Checks a bearer token and says who presented it. Implementations verify the signature against
 * the configured key (with an algorithm allow-list), the validity period (`exp` required, `nbf`,
 * with a small clock tolerance) and, when configured, the issuer and audience.
 *
 * @returns the principal named by a valid token; its scopes come from the `scope` claim
 *   (space-separated string) or the `scp` claim (array or string).
 * @throws InvalidTokenError for any token that is not acceptable, whatever the reason; the reason
 *   is for logs only and never contains the token.
 * @throws DependencyUnavailableError when the key source (a remote JWKS) cannot be reached, so a
 *   good token cannot be checked now.
 */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}
