import { EntitySchema } from 'typeorm';
import { migrationIndex, oneOf, serialId, stampedNow } from './columns';
import type { HandlerCredentialRecord } from './handler-credential';
import type { HandlerDepartmentRecord } from './handler-department';

/** City staff with one role; how they sign in lives apart in handler_credential. */
export type HandlerRecord = {
  id: number;
  email: string;
  name: string;
  role: 'admin' | 'handler' | 'viewer';
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** The handler's city; null only for an admin, who is then an instance admin (docs/admin-api.md). */
  jurisdictionId: string | null;
  /** Whether the handler gets alert e-mails (docs/alerts.md). */
  alertsEnabled: boolean;
  /** Language of their alerts; null: their city's default language. */
  language: 'fi' | 'sv' | 'en' | null;
  /** Loaded only when asked for (`relations`). */
  memberships?: HandlerDepartmentRecord[];
  credentials?: HandlerCredentialRecord[];
};

export const HandlerEntity = new EntitySchema<HandlerRecord>({
  name: 'handler',
  columns: {
    id: serialId,
    email: { type: 'text' },
    name: { type: 'text', default: '' },
    role: { type: 'text' },
    active: { type: 'boolean', default: true },
    createdAt: stampedNow,
    updatedAt: stampedNow,
    jurisdictionId: { type: 'text', nullable: true, foreignKey: { target: 'jurisdiction' } },
    alertsEnabled: { type: 'boolean', default: true },
    language: { type: 'text', nullable: true },
  },
  relations: {
    memberships: { type: 'one-to-many', target: 'handler_department', inverseSide: 'handler' },
    credentials: { type: 'one-to-many', target: 'handler_credential', inverseSide: 'handler' },
  },
  checks: [
    oneOf('handler', 'role', ['admin', 'handler', 'viewer']),
    oneOf('handler', 'language', ['fi', 'sv', 'en']),
    { name: 'handler_jurisdiction_check', expression: `role = 'admin' OR jurisdiction_id IS NOT NULL` },
  ],
  // Unique on lower(email): one address, whatever its case.
  indices: [migrationIndex('handler_email')],
});
