import { EntitySchema } from 'typeorm';
import { optionalTimestamp, serialId, stampedNow } from './columns';

/** A client application holding a GeoReport `api_key`; only the key's hash is stored. */
export type ApplicationRecord = {
  id: number;
  name: string;
  keyHash: string;
  createdAt: Date;
  revokedAt: Date | null;
};

export const ApplicationEntity = new EntitySchema<ApplicationRecord>({
  name: 'application',
  columns: {
    id: serialId,
    name: { type: 'text' },
    keyHash: { type: 'text', unique: true },
    createdAt: stampedNow,
    revokedAt: optionalTimestamp,
  },
});
