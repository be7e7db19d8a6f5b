import { SignJWT } from 'jose';

export interface MintTokenOptions {
  /** The HS256 secret the server verifies with (PROJ_AUTH_JWT_SECRET or the development key). */
  readonly secret: string;
  readonly subject: string;
  readonly scopes: readonly string[];
  readonly ttlSeconds: number;
  readonly issuer?: string | undefined;
  readonly audience?: string | undefined;
  /** Issue time. */
  readonly now: Date;
}

/**
 * Signs an HS256 access token (`sub`, `scope` space-separated, `iat`, `exp`, and `iss`/`aud` when
 * given) that a JoseTokenVerifier with the same secret accepts. For development and tooling: real
 * deployments get tokens from their identity provider.
 */
export function mintToken(options: MintTokenOptions): Promise<string> {
  const issuedAt = Math.floor(options.now.getTime() / 1000);
  let jwt = new SignJWT({ scope: options.scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.subject)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + options.ttlSeconds);
  if (options.issuer !== undefined) jwt = jwt.setIssuer(options.issuer);
  if (options.audience !== undefined) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret));
}
