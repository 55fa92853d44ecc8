import { EntitySchema } from 'typeorm';
import { migrationIndex, oneOf, optionalText, optionalTimestamp, serialId, stampedNow } from './columns';
import type { HandlerRecord } from './handler';

/** How a handler proves who they are: a hashed bearer token, or an OpenID (issuer, subject). */
export type HandlerCredentialRecord = {
  id: number;
  handlerId: number;
  kind: 'token' | 'oidc';
  secretHash: string | null;
  issuer: string | null;
  subject: string | null;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  handler?: HandlerRecord;
};

export const HandlerCredentialEntity = new EntitySchema<HandlerCredentialRecord>({
  name: 'handler_credential',
  columns: {
    id: serialId,
    handlerId: { type: 'int' },
    kind: { type: 'text' },
    secretHash: { type: 'text', nullable: true, unique: true },
    issuer: optionalText,
    subject: optionalText,
    label: { type: 'text', default: '' },
    createdAt: stampedNow,
    lastUsedAt: optionalTimestamp,
    revokedAt: optionalTimestamp,
  },
  relations: {
    handler: {
      type: 'many-to-one',
      target: 'handler',
      inverseSide: 'credentials',
      joinColumn: { name: 'handler_id' },
      onDelete: 'CASCADE',
    },
  },
  uniques: [{ columns: ['issuer', 'subject'] }],
  // At most one OpenID identity per handler (partial: WHERE kind = 'oidc'; docs/handler-sign-in.md).
  indices: [migrationIndex('handler_credential_one_oidc')],
  checks: [
    oneOf('handler_credential', 'kind', ['token', 'oidc']),
    // Table checks: PostgreSQL numbers their names in the order the migration wrote them.
    { name: 'handler_credential_check', expression: `(kind = 'token') = (secret_hash IS NOT NULL)` },
    {
      name: 'handler_credential_check1',
      expression: `(kind = 'oidc') = (issuer IS NOT NULL AND subject IS NOT NULL)`,
    },
  ],
});
