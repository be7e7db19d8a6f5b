import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/** An RS256 key pair as the test JWKS server holds it. */
interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly publicPem: string;
}

/** A local identity provider's key endpoint, for testing JWKS verification end to end. */
export interface TestJwksServer {
  /** The JWKS URL: `http://127.0.0.1:<port>/.well-known/jwks.json`. */
  readonly url: string;
  /** The current public key in PEM (SPKI), as an attacker could fetch it. */
  readonly publicKeyPem: string;
  /** How many times the key set was fetched. */
  readonly fetches: number;
  /** Signs `claims` with the current private key, RS256, with its `kid`. */
  sign(claims: JWTPayload): Promise<string>;
  /** Replaces the key pair: the JWKS then lists only the new public key. */
  rotate(): Promise<void>;
  /** Answers the JWKS with this status (and no key set) until called again with undefined. */
  failWith(status: number | undefined): void;
  close(): Promise<void>;
}

let counter = 0;

async function newKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  counter += 1;
  const kid = `test-key-${counter}`;
  return {
    kid,
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
    publicPem: await exportSPKI(publicKey),
  };
}

// Making an RSA key takes from tens of milliseconds to seconds on a loaded machine: a process makes
// at most this many and hands them out in turn, so that a server's next key (after `rotate`) and
// the key of a second server started beside it are never its current one.
const KEY_POOL_SIZE = 4;
const keyPool: Promise<SigningKey>[] = [];
let keysHandedOut = 0;

function nextKey(): Promise<SigningKey> {
  const index = keysHandedOut % KEY_POOL_SIZE;
  keysHandedOut += 1;
  return (keyPool[index] ??= newKey());
}

/** Starts a JWKS endpoint on 127.0.0.1 with an RS256 key (see `nextKey`). */
export async function startTestJwksServer(): Promise<TestJwksServer> {
  let key = await nextKey();
  let failure: number | undefined;
  let fetches = 0;
  const server = createServer((req, res) => {
    if (req.url !== '/.well-known/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    fetches += 1;
    if (failure !== undefined) {
      res.writeHead(failure, { 'content-type': 'text/plain' }).end('unavailable');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [key.publicJwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get publicKeyPem() {
      return key.publicPem;
    },
    get fetches() {
      return fetches;
    },
    sign: (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).sign(key.privateKey),
    async rotate() {
      key = await nextKey();
    },
    failWith(status) {
      failure = status;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
