import type { Pool } from 'pg';
import type { Config } from '../config';
import { forbidden, unauthorized } from '../domain/errors';
import type { Principal } from '../domain/principal';
import { jwtVerifier, SignInTokenError, subjectClaim, type JwtClaims } from '../domain/verify-jwt';
import { recordAccountEvent } from '../repositories/admin/account-events';
import { linkIdentityByEmail } from '../repositories/handler-identity';
import { findPrincipalByIdentity } from '../repositories/handler-repository';
import { withTransaction } from '../repositories/transaction';

/** Turns a handler's bearer JWT into the principal, or throws the admin 401/403. */
export type HandlerSignIn = (token: string) => Promise<Principal>;

type Settings = NonNullable<Config['handlerJwt']>;

const deactivated = () => forbidden('this handler account is deactivated: ask an admin');

/**
 * The `email` claim, when it may find a pre-created account: the issuer vouches for it
 * (`email_verified: true`, the boolean), or the deployment trusts the issuer's addresses
 * (HANDLER_JWT_TRUST_EMAIL, docs/handler-sign-in.md). Otherwise the subject alone counts.
 */
function usableEmail(claims: JwtClaims, settings: Settings): string | null {
  const email = claims.email;
  if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email.trim())) return null;
  return claims.email_verified === true || settings.trustEmail ? email.trim() : null;
}

/** Links the identity to the active, unlinked handler with this e-mail address, audited; 403 if deactivated. */
async function linkByEmail(pool: Pool, settings: Settings, subject: string, email: string): Promise<void> {
  await withTransaction(pool, async (client) => {
    const link = await linkIdentityByEmail(client, settings.issuer, subject, email);
    if (link.outcome === 'inactive') throw deactivated();
    if (link.outcome !== 'linked' || !link.fresh) return;
    await recordAccountEvent(client, {
      handlerId: link.handlerId,
      kind: 'handler_updated',
      targetHandlerId: link.handlerId,
      data: { changes: { oidc_subject: subject }, previous: { oidc_subject: null }, linked_by: 'email' },
    });
  });
}

/**
 * Handler sign-in with the city's OpenID Connect provider (docs/handler-sign-in.md): the JWT
 * must verify against HANDLER_JWT_ISSUER, _AUDIENCE and _JWKS_URL (else 401). Its subject finds
 * the linked account; an account not linked yet is found by a trusted e-mail address and linked
 * on this first sign-in. No account, or a deactivated one, is 403: nobody is created here, so
 * an unknown person never becomes anything. Role, departments and city come from the account.
 * Null when handler sign-in is not configured.
 */
export function handlerSignIn(pool: Pool, settings: Config['handlerJwt']): HandlerSignIn | null {
  if (settings === null) return null;
  const verify = jwtVerifier(settings);
  return async (token) => {
    let claims: JwtClaims;
    let subject: string;
    try {
      claims = await verify(token);
      subject = subjectClaim(claims, settings.subjectClaim);
    } catch (error) {
      if (error instanceof SignInTokenError) throw unauthorized(error.message);
      throw error;
    }
    let found = await findPrincipalByIdentity(pool, settings.issuer, subject);
    const email = found === null ? usableEmail(claims, settings) : null;
    if (email !== null) {
      await linkByEmail(pool, settings, subject, email);
      found = await findPrincipalByIdentity(pool, settings.issuer, subject);
    }
    if (found === null) {
      throw forbidden(
        `no handler account is linked to this sign-in (${settings.subjectClaim} "${subject}"): ask an admin to link it`,
      );
    }
    if (!found.active) throw deactivated();
    return found.principal;
  };
}
