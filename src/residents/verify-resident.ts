import type { Config } from '../config';
import type { Resident } from '../domain/resident';
import { jwtVerifier, looksLikeJwt, SignInTokenError, subjectClaim } from '../domain/verify-jwt';

export type { Resident };
export type ResidentVerifier = (token: string) => Promise<Resident>;

/** Why a resident token was refused; the message is safe to show (never echoes the token). */
export { SignInTokenError as ResidentTokenError, looksLikeJwt };

/**
 * Verifies residents' bearer JWTs against the configured issuer, audience and JWKS
 * (domain/verify-jwt.ts, shared with handler sign-in). The resident is the token's `sub`.
 * Returns null when resident sign-in is not configured.
 */
export function residentVerifier(config: Config['residentJwt']): ResidentVerifier | null {
  if (config === null) return null;
  const verify = jwtVerifier(config);
  return async (token) => ({ issuer: config.issuer, subject: subjectClaim(await verify(token)) });
}
