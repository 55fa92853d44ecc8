import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import type { Config } from '../config';

// jose is ESM-only; Node 20 loads it through require(esm).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createRemoteJWKSet, jwtVerify, errors } = require('jose') as typeof Jose;

export type Resident = { issuer: string; subject: string };
export type ResidentVerifier = (token: string) => Promise<Resident>;

/** Why a resident token was refused; the message is safe to show (never echoes the token). */
export class ResidentTokenError extends Error {}

/** Signature algorithms OpenID Connect brokers use; `none` and HMAC are never accepted. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the sign-in token has expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `the sign-in token's "${error.claim}" claim is not accepted`;
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return 'the sign-in token is not signed by the configured issuer';
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return "the sign-in token's algorithm is not accepted";
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError) {
    return error instanceof errors.JWKSTimeout
      ? "the issuer's keys could not be fetched"
      : 'the sign-in token is not valid';
  }
  return 'the sign-in token is not valid';
}

/**
 * Verifies residents' bearer JWTs against the configured issuer, audience and JWKS. Keys are
 * fetched on first use, cached, and fetched again when a token names an unknown key id (key
 * rotation), at most every RESIDENT_JWT_JWKS_COOLDOWN_SECONDS (30 s). Returns null when resident sign-in is not configured.
 */
export function residentVerifier(config: Config['residentJwt']): ResidentVerifier | null {
  if (config === null) return null;
  const keys = createRemoteJWKSet(new URL(config.jwksUrl), {
    cacheMaxAge: 10 * 60 * 1000,
    cooldownDuration: config.jwksCooldownSeconds * 1000,
    timeoutDuration: 5000,
  });
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: ALGORITHMS,
        clockTolerance: config.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp'],
      });
      return { issuer: config.issuer, subject: payload.sub as string };
    } catch (error) {
      throw new ResidentTokenError(reason(error));
    }
  };
}

/** A bearer value shaped like a JWT (three base64url parts), as opposed to a [CHI] API key. */
export const looksLikeJwt = (value: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(value);
