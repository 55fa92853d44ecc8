import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SignJWT, exportJWK, generateKeyPair } = require('jose') as typeof Jose;

type Key = { kid: string; privateKey: Jose.CryptoKey; jwk: Jose.JWK };

/**
 * A local OpenID-Connect-like issuer for tests: RSA keys served as a JWKS over real HTTP on
 * loopback, and tokens signed with them. `rotate()` adds a new signing key (kept old ones).
 */
export type LocalIssuer = {
  issuer: string;
  audience: string;
  jwksUrl: string;
  fetches: () => number;
  sign(
    claims?: Record<string, unknown>,
    options?: { expiresIn?: string | number; key?: 'current' | 'rogue' },
  ): Promise<string>;
  rotate(): Promise<void>;
  close(): Promise<void>;
};

async function newKey(kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export async function startLocalIssuer(): Promise<LocalIssuer> {
  const keys: Key[] = [await newKey('key-1')];
  // Same kid as the real key but a different key pair: a forged signature.
  const rogue = await newKey('key-1');
  let fetches = 0;
  const server: Server = createServer((_req, res) => {
    fetches += 1;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}/realms/city`;
  const audience = 'palaute311';
  return {
    issuer,
    audience,
    jwksUrl: `http://127.0.0.1:${port}/realms/city/protocol/openid-connect/certs`,
    fetches: () => fetches,
    async sign(claims = {}, options = {}) {
      const key = options.key === 'rogue' ? rogue : keys[keys.length - 1];
      return new SignJWT({ sub: 'resident-1', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid })
        .setIssuer((claims.iss as string) ?? issuer)
        .setAudience((claims.aud as string) ?? audience)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '10m')
        .sign(key.privateKey);
    },
    async rotate() {
      keys.push(await newKey(`key-${keys.length + 1}`));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Sign-in configured against `issuer`, strictly: no clock leeway, and a JWKS refetch allowed at once. */
export const strictSignInEnv = (issuer: LocalIssuer): Record<string, string> => ({
  RESIDENT_JWT_ISSUER: issuer.issuer,
  RESIDENT_JWT_AUDIENCE: issuer.audience,
  RESIDENT_JWT_JWKS_URL: issuer.jwksUrl,
  RESIDENT_JWT_CLOCK_TOLERANCE_SECONDS: '0',
  RESIDENT_JWT_JWKS_COOLDOWN_SECONDS: '0',
});
