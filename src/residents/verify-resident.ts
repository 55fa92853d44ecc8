import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import type { Config } from '../config';
import type { Resident } from '../domain/resident';

// jose is ESM-only; Node 20 loads it through require(esm).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createRemoteJWKSet, jwtVerify, errors } = require('jose') as typeof Jose;

export type { Resident };
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
    const payload = await jwtVerify(token, keys, {
      issuer: config.issuer,
      audience: config.audience,
      algorithms: ALGORITHMS,
      clockTolerance: config.clockToleranceSeconds,
      requiredClaims: ['sub', 'exp'],
    }).then(
      (verified) => verified.payload,
      (error: unknown) => {
        throw new ResidentTokenError(reason(error));
      },
    );
    return { issuer: config.issuer, subject: subjectOf(payload.sub) };
  };
}

/** Printable ASCII, not starting with a space: 1 to 255 characters. */
const SUBJECT = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;

/**
 * `sub` is the account the resident's requests are filed under. jose checks that it is there,
 * not what it is; OpenID Connect Core 1.0 §2 makes it a case-sensitive string of at most 255
 * ASCII characters. Anything else (an object, a number, "", control characters) is refused.
 */
function subjectOf(sub: unknown): string {
  if (typeof sub !== 'string' || !SUBJECT.test(sub)) {
    throw new ResidentTokenError(`the sign-in token's "sub" claim is not accepted`);
  }
  return sub;
}

/**
 * A bearer value shaped like a JWT, as opposed to a [CHI] API key (keys never hold a dot): any
 * three dot-separated parts, empty ones too, so that an unsigned (`alg: none`, empty signature)
 * or mangled token is refused as a token (401) instead of being passed over as no sign-in.
 */
export const looksLikeJwt = (value: string): boolean => value.split('.').length === 3;
