import type { PoolClient } from 'pg';
import { badRequest, conflict } from '../../domain/errors';
import { emailTaken, unknownDepartments } from '../../repositories/admin/account-handlers';
import type { Role } from '../../domain/principal';

/** POST /handlers body (AdminHandlerCreate). */
export type HandlerCreate = {
  email: string;
  name?: string;
  role: Role;
  department_ids?: number[];
  jurisdiction_id?: string | null;
  /** The person's subject at HANDLER_JWT_ISSUER (docs/handler-sign-in.md); null: none. */
  oidc_subject?: string | null;
  alerts_enabled?: boolean;
  language?: 'fi' | 'sv' | 'en' | null;
};

/** PATCH /handlers/{handler_id} body (AdminHandlerPatch): at least one field. */
export type HandlerPatch = {
  email?: string;
  name?: string;
  role?: Role;
  department_ids?: number[];
  active?: boolean;
  jurisdiction_id?: string | null;
  /** Links (or with null unlinks) the handler's OpenID identity. */
  oidc_subject?: string | null;
  alerts_enabled?: boolean;
  language?: 'fi' | 'sv' | 'en' | null;
};

/**
 * The checks the schema cannot make, inside the write's transaction: every department must
 * exist in the handler's city (400 naming the ids; another city's department reads the same as
 * an unknown one) and the e-mail must be free, compared case-insensitively (409). The unique
 * index on lower(email) still guards a race between two creations.
 */
export async function checkHandlerInput(
  client: PoolClient,
  input: { email?: string; department_ids?: number[] },
  handlerId: number | null,
  jurisdictionId: string | null,
): Promise<void> {
  const unknown = await unknownDepartments(client, input.department_ids ?? [], jurisdictionId);
  if (unknown.length > 0) {
    const where = jurisdictionId === null ? '' : ` in ${jurisdictionId}`;
    throw badRequest(`department_ids: no department with id ${unknown.join(', ')}${where}`);
  }
  if (input.email !== undefined && (await emailTaken(client, input.email, handlerId))) {
    throw conflict(`email: a handler with the e-mail address ${input.email.trim()} exists`);
  }
}

/** 409 instead of 500 when the unique index on lower(email) caught a concurrent creation. */
export function duplicateEmailAs409(email: string | undefined) {
  return (error: unknown): never => {
    if ((error as { code?: string }).code === '23505' && email !== undefined) {
      throw conflict(`email: a handler with the e-mail address ${email.trim()} exists`);
    }
    throw error;
  };
}
