import type { Principal } from '../edge/auth/principal.js';
import type { TokenVerifier } from '../edge/auth/token-verifier.js';
import { InvalidTokenError } from '../errors/invalid-token-error.js';

/**
 * A TokenVerifier for tests of the HTTP edge: each known token string stands for a principal,
 * any other token is rejected with `InvalidTokenError('unknown_token')`.
 */
export class FakeTokenVerifier implements TokenVerifier {
  readonly #principals: ReadonlyMap<string, Principal>;

  constructor(principals: Readonly<Record<string, Principal>>) {
    this.#principals = new Map(Object.entries(principals));
  }

  verify(token: string): Promise<Principal> {
    const principal = this.#principals.get(token);
    return principal ? Promise.resolve(principal) : Promise.reject(new InvalidTokenError('unknown_token'));
  }
}
