import { webcrypto } from 'node:crypto';

import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';

import type { Clock } from '@proj/application';
import type { Principal, TokenVerifier } from '@proj/application/edge';
import { DependencyUnavailableError, InvalidTokenError } from '@proj/application/errors';

/** Shared-secret tokens: HMAC with SHA-256 only. */
const SECRET_ALGORITHMS = ['HS256'];
/** JWKS tokens: asymmetric algorithms only, so a public key can never be used as an HMAC secret. */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
/** Longer than any token a real issuer makes; refused before any parsing. */
const MAX_TOKEN_LENGTH = 8192;
const JWKS_RETRY_AFTER_SECONDS = 5;
/** Verified tokens remembered, newest last; the oldest is forgotten first. */
const MAX_REMEMBERED_TOKENS = 5_000;
/** How long a verified token is trusted without checking its signature again. */
const REMEMBER_FOR_MS = 60_000;
/** The longest a token may be valid (from `iat`, or from now without one), so that a leaked token expires. */
export const MAX_TOKEN_LIFETIME_SECONDS = 30 * 86_400;
/** A subject is an identifier: at most this long, no control characters (PostgreSQL refuses NUL). */
const WELL_FORMED_SUBJECT = /^[^\p{Cc}\p{Zl}\p{Zp}]{1,255}$/u;
/** Three base64url segments without padding. */
const COMPACT_JWS = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;

/** A token whose signature and claims were verified, with what must be checked again at each use. */
interface VerifiedToken {
  readonly principal: Principal;
  readonly verifiedAtMs: number;
  /** `exp` and `nbf` in seconds, as in the token. */
  readonly expiresAt: number;
  readonly notBefore: number | undefined;
}

export type JoseKeySource =
  | { readonly kind: 'secret'; readonly secret: string }
  | {
      readonly kind: 'jwks';
      readonly url: string;
      /** How long fetched keys are trusted before a refetch. Default 10 minutes. */
      readonly cacheMaxAgeMs?: number;
      /** Least time between two fetches caused by an unknown `kid` (key rotation). Default 30 s. */
      readonly cooldownMs?: number;
      /** Bound on one fetch of the key set. Default 5 s. */
      readonly timeoutMs?: number;
    };

export interface JoseTokenVerifierOptions {
  readonly key: JoseKeySource;
  readonly issuer?: string | undefined;
  readonly audience?: string | undefined;
  readonly clockSkewSeconds: number;
  readonly clock: Clock;
}

/**
 * TokenVerifier over `jose`: HS256 with a shared secret, or the asymmetric algorithms with keys
 * from a remote JWKS (cached, refetched when a token names an unknown `kid`, so the issuer can
 * rotate keys). `exp` is required; `nbf`, `iss` and `aud` are checked when present or configured.
 * Also refused (decision 0114): a token not in canonical base64url, one valid for more than 30 days
 * or issued in the future, and a subject that is not a short identifier without control characters.
 */
export class JoseTokenVerifier implements TokenVerifier {
  readonly #key: Promise<webcrypto.CryptoKey> | JWTVerifyGetKey;
  readonly #algorithms: readonly string[];
  readonly #remote: boolean;
  readonly #options: JoseTokenVerifierOptions;
  readonly #verified = new LRUCache<string, VerifiedToken>({ max: MAX_REMEMBERED_TOKENS });

  constructor(options: JoseTokenVerifierOptions) {
    this.#options = options;
    const { key } = options;
    if (key.kind === 'secret') {
      // Imported once: given the raw bytes, jose would import the key again for every token.
      this.#key = webcrypto.subtle.importKey('raw', new TextEncoder().encode(key.secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
        'verify',
      ]);
      this.#algorithms = SECRET_ALGORITHMS;
      this.#remote = false;
    } else {
      this.#key = createRemoteJWKSet(new URL(key.url), {
        ...(key.cacheMaxAgeMs === undefined ? {} : { cacheMaxAge: key.cacheMaxAgeMs }),
        ...(key.cooldownMs === undefined ? {} : { cooldownDuration: key.cooldownMs }),
        ...(key.timeoutMs === undefined ? {} : { timeoutDuration: key.timeoutMs }),
      });
      this.#algorithms = JWKS_ALGORITHMS;
      this.#remote = true;
    }
  }

  /**
   * A client sends the same token with every request: a token verified in the last minute is
   * not verified again (its signature, issuer and audience cannot have changed, and the HMAC or
   * signature check is most of the cost of a request), but its `exp` and `nbf` are checked against
   * the clock at every use, as jose checks them, and a token past them is verified afresh (and
   * refused with the reason jose gives). Only verified tokens are remembered, at most 5 000.
   */
  async verify(token: string): Promise<Principal> {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH || !isCanonical(token)) throw new InvalidTokenError('malformed');
    const { issuer, audience, clockSkewSeconds, clock } = this.#options;
    const now = clock.now();
    const remembered = this.#verified.get(token);
    if (remembered !== undefined) {
      if (stillValid(remembered, now, clockSkewSeconds)) return remembered.principal;
      this.#verified.delete(token);
    }
    let payload: JWTPayload;
    try {
      // Two call sites because jwtVerify's overloads differ for a key and a key resolver.
      const options = {
        algorithms: [...this.#algorithms],
        clockTolerance: clockSkewSeconds,
        currentDate: now,
        requiredClaims: ['exp', 'sub'],
        ...(issuer === undefined ? {} : { issuer }),
        ...(audience === undefined ? {} : { audience }),
      };
      const key = this.#key;
      ({ payload } = key instanceof Promise ? await jwtVerify(token, await key, options) : await jwtVerify(token, key, options));
    } catch (error) {
      throw this.#translate(error);
    }
    checkLifetime(payload, now, clockSkewSeconds);
    const principal = principalOf(payload);
    this.#verified.set(token, { principal, verifiedAtMs: now.getTime(), expiresAt: payload.exp ?? 0, notBefore: payload.nbf });
    return principal;
  }

  #translate(error: unknown): Error {
    if (this.#remote && isKeySetUnavailable(error)) {
      return new DependencyUnavailableError('jwks', JWKS_RETRY_AFTER_SECONDS, { cause: error });
    }
    if (error instanceof errors.JOSEError) return new InvalidTokenError(reasonOf(error), { cause: error });
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** jose's own time checks (whole seconds, with the tolerance), plus the age of the verification. */
function stillValid(verified: VerifiedToken, now: Date, clockSkewSeconds: number): boolean {
  if (now.getTime() - verified.verifiedAtMs >= REMEMBER_FOR_MS || now.getTime() < verified.verifiedAtMs) return false;
  const seconds = Math.floor(now.getTime() / 1000);
  if (verified.expiresAt <= seconds - clockSkewSeconds) return false;
  return verified.notBefore === undefined || verified.notBefore <= seconds + clockSkewSeconds;
}

/** The key set could not be fetched or read: the issuer's problem, not the caller's. */
function isKeySetUnavailable(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return true;
  // Non-200 answers and unparseable bodies are plain JOSEErrors; network failures are not JOSE errors.
  if (error instanceof errors.JOSEError) return error.code === errors.JOSEError.code;
  return true;
}

function reasonOf(error: InstanceType<typeof errors.JOSEError>): string {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'not_yet_valid';
    if (error.claim === 'iss') return 'wrong_issuer';
    if (error.claim === 'aud') return 'wrong_audience';
    return `claim_${error.claim}_${error.reason}`.replace(/[^a-z0-9_]/gi, '_').slice(0, 64);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm_not_allowed';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return 'unknown_key';
  return 'malformed';
}

/**
 * One token, one spelling: each segment is base64url without padding and without spare bits
 * (decoding then encoding gives it back), so that no two strings are the same token.
 */
function isCanonical(token: string): boolean {
  const segments = COMPACT_JWS.exec(token);
  if (segments === null) return false;
  return segments.slice(1).every((segment) => Buffer.from(segment, 'base64url').toString('base64url') === segment);
}

/** `iat` not in the future, and `exp` at most 30 days after `iat` (or after now without one). */
function checkLifetime(payload: JWTPayload, now: Date, clockSkewSeconds: number): void {
  const seconds = Math.floor(now.getTime() / 1000);
  const issuedAt = payload.iat;
  if (issuedAt !== undefined && issuedAt > seconds + clockSkewSeconds) throw new InvalidTokenError('issued_in_the_future');
  if ((payload.exp ?? 0) - (issuedAt ?? seconds) > MAX_TOKEN_LIFETIME_SECONDS + clockSkewSeconds) {
    throw new InvalidTokenError('lifetime_too_long');
  }
}

function principalOf(payload: JWTPayload): Principal {
  const subject = payload.sub;
  if (typeof subject !== 'string' || subject.trim() === '') throw new InvalidTokenError('missing_subject');
  if (!WELL_FORMED_SUBJECT.test(subject)) throw new InvalidTokenError('malformed_subject');
  const granted: unknown = payload['scope'] ?? payload['scp'] ?? [];
  const scopes = typeof granted === 'string' ? granted.split(' ') : granted;
  if (!Array.isArray(scopes) || !scopes.every((scope): scope is string => typeof scope === 'string')) {
    throw new InvalidTokenError('malformed_scope');
  }
  return Object.freeze({ subject, scopes: Object.freeze([...new Set(scopes.filter((scope) => scope !== ''))]) });
}
