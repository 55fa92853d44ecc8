import type { Context } from 'koa';
import { ApiError } from '../domain/errors';
import { looksLikeJwt, ResidentTokenError, type Resident, type ResidentVerifier } from './verify-resident';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

const unauthorized = (description: string): ApiError =>
  new ApiError(401, [description], { 'WWW-Authenticate': 'Bearer realm="palaute311-residents"' });

/** The bearer JWT of the call, if the Authorization header carries one (not a [CHI] API key). */
export function bearerJwt(ctx: Context): string | undefined {
  const value = BEARER.exec(ctx.get('authorization'))?.[1];
  return value !== undefined && looksLikeJwt(value) ? value : undefined;
}

/**
 * The signed-in resident, or null when the call carries no JWT. A JWT that does not verify
 * (expired, wrong audience or issuer, wrong signature) is 401, never silently anonymous.
 */
export async function optionalResident(ctx: Context, verify: ResidentVerifier | null): Promise<Resident | null> {
  const token = bearerJwt(ctx);
  if (token === undefined) return null;
  if (verify === null) throw unauthorized('resident sign-in is not configured on this server');
  try {
    return await verify(token);
  } catch (error) {
    if (error instanceof ResidentTokenError) throw unauthorized(error.message);
    throw error;
  }
}

/** Like optionalResident, but a call without a JWT is 401 too. */
export async function requireResident(ctx: Context, verify: ResidentVerifier | null): Promise<Resident> {
  const resident = await optionalResident(ctx, verify);
  if (resident === null) {
    throw unauthorized('sign in: send Authorization: Bearer <the JWT from the city sign-in>');
  }
  return resident;
}
