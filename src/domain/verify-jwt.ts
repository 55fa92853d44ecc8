import type * as Jose from 'jose' with { 'resolution-mode': 'import' };

// jose is ESM-only; Node 20 loads it through require(esm).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createRemoteJWKSet, jwtVerify, errors } = require('jose') as typeof Jose;

/** Why a sign-in token was refused; the message is safe to show (never echoes the token). */
export class SignInTokenError extends Error {}

/** One OpenID Connect issuer whose bearer JWTs are accepted (residents' or handlers'). */
export type JwtIssuerSettings = Readonly<{
  issuer: string;
  audience: string;
  jwksUrl: string;
  clockToleranceSeconds: number;
  /** Least time between JWKS refetches triggered by an unknown key id (key rotation). */
  jwksCooldownSeconds: number;
}>;

export type JwtClaims = Jose.JWTPayload;
export type JwtVerifier = (token: string) => Promise<JwtClaims>;

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
  if (error instanceof errors.JWKSTimeout) return "the issuer's keys could not be fetched";
  return 'the sign-in token is not valid';
}

/**
 * Verifies bearer JWTs against one issuer, audience and JWKS: signature, `iss`, `aud`, `exp`
 * (with the configured clock leeway) and that `sub` is there. Keys are fetched on first use,
 * cached, and fetched again when a token names an unknown key id (key rotation), at most every
 * `jwksCooldownSeconds`. Every refusal is a SignInTokenError.
 */
export function jwtVerifier(settings: JwtIssuerSettings): JwtVerifier {
  const keys = createRemoteJWKSet(new URL(settings.jwksUrl), {
    cacheMaxAge: 10 * 60 * 1000,
    cooldownDuration: settings.jwksCooldownSeconds * 1000,
    timeoutDuration: 5000,
  });
  return (token) =>
    jwtVerify(token, keys, {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: ALGORITHMS,
      clockTolerance: settings.clockToleranceSeconds,
      requiredClaims: ['sub', 'exp'],
    }).then(
      (verified) => verified.payload,
      (error: unknown) => {
        throw new SignInTokenError(reason(error));
      },
    );
}

/** Printable ASCII, not starting with a space: 1 to 255 characters. */
const SUBJECT = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;

/** Whether a value can be a subject (OpenID Connect Core 1.0 §2: at most 255 ASCII characters). */
export const isSubject = (value: unknown): value is string => typeof value === 'string' && SUBJECT.test(value);

/**
 * A claim naming an account (`sub`, or another the issuer is configured to use). jose checks
 * that `sub` is there, not what it is; anything but a subject-shaped string (an object, a
 * number, "", control characters) is refused.
 */
export function subjectClaim(claims: JwtClaims, name = 'sub'): string {
  const value = claims[name];
  if (!isSubject(value)) throw new SignInTokenError(`the sign-in token's "${name}" claim is not accepted`);
  return value;
}

/**
 * A bearer value shaped like a JWT, as opposed to a [CHI] API key or a handler token (neither
 * ever holds a dot): any three dot-separated parts, empty ones too, so that an unsigned
 * (`alg: none`, empty signature) or mangled token is refused as a token (401) instead of being
 * passed over as something else.
 */
export const looksLikeJwt = (value: string): boolean => value.split('.').length === 3;
