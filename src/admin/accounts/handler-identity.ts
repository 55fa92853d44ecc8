import type { PoolClient } from 'pg';
import type { Config } from '../../config';
import { badRequest, conflict } from '../../domain/errors';
import { IDENTITY_TAKEN_CONSTRAINT, identityOwner, setHandlerIdentity } from '../../repositories/handler-identity';

const taken = (subject: string) => conflict(`oidc_subject: "${subject}" is already linked to another handler account`);

/**
 * Applies a body's `oidc_subject` (docs/handler-sign-in.md): a subject at the configured
 * HANDLER_JWT_ISSUER links the handler to that person (replacing any identity they had), null
 * unlinks, absent changes nothing. 400 when handler sign-in is not configured; 409 when the
 * subject is another handler's.
 */
export async function applyOidcSubject(
  client: PoolClient,
  settings: Config['handlerJwt'],
  handlerId: number,
  subject: string | null | undefined,
): Promise<void> {
  if (subject === undefined) return;
  if (subject === null) return setHandlerIdentity(client, handlerId, null);
  if (settings === null) {
    throw badRequest('oidc_subject: handler sign-in is not configured on this server (HANDLER_JWT_ISSUER)');
  }
  const owner = await identityOwner(client, settings.issuer, subject);
  if (owner !== null && owner !== handlerId) throw taken(subject);
  await setHandlerIdentity(client, handlerId, { issuer: settings.issuer, subject });
}

/** 409 instead of 500 when the unique (issuer, subject) caught two handlers linked at once. */
export function identityTakenAs409(subject: string | null | undefined) {
  return (error: unknown): never => {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === IDENTITY_TAKEN_CONSTRAINT && typeof subject === 'string') {
      throw taken(subject);
    }
    throw error;
  };
}
