import { EntitySchema } from 'typeorm';
import { optionalTimestamp, serialId, stampedNow } from './columns';

/**
 * A client application holding a GeoReport `api_key`; only the key's hash is stored.
 * `allowedOrigins` null is a server-side key; a list makes it a browser key (docs/api.md,
 * "Browser keys"), usable only from pages of those origins.
 */
export type ApplicationRecord = {
  id: number;
  name: string;
  keyHash: string;
  createdAt: Date;
  revokedAt: Date | null;
  allowedOrigins: string[] | null;
  /** The city the key belongs to; null only for keys made before any city existed. */
  jurisdictionId: string | null;
};

export const ApplicationEntity = new EntitySchema<ApplicationRecord>({
  name: 'application',
  columns: {
    id: serialId,
    name: { type: 'text' },
    keyHash: { type: 'text', unique: true },
    createdAt: stampedNow,
    revokedAt: optionalTimestamp,
    allowedOrigins: { type: 'text', array: true, nullable: true },
    jurisdictionId: { type: 'text', nullable: true, foreignKey: { target: 'jurisdiction' } },
  },
  checks: [
    {
      name: 'application_allowed_origins_check',
      expression: 'allowed_origins IS NULL OR cardinality(allowed_origins) > 0',
    },
  ],
});
