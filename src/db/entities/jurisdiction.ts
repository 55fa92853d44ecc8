import { EntitySchema } from 'typeorm';
import { now, oneOf, stampedNow, type Localized } from './columns';

/** A municipality (GeoReport `jurisdiction_id`), e.g. `kerava.fi`. */
export type JurisdictionRecord = {
  id: string;
  names: Localized;
  defaultLocale: 'fi' | 'sv' | 'en';
  timezone: string;
  /** GeoReport discovery's `changeset`: moved by every catalogue change. */
  changeset: Date;
  createdAt: Date;
};

export const JurisdictionEntity = new EntitySchema<JurisdictionRecord>({
  name: 'jurisdiction',
  columns: {
    id: { type: 'text', primary: true },
    names: { type: 'jsonb' },
    defaultLocale: { type: 'text', default: 'fi' },
    timezone: { type: 'text', default: 'Europe/Helsinki' },
    changeset: { type: 'timestamptz', default: () => `date_trunc('second', ${now()})` },
    createdAt: stampedNow,
  },
  checks: [oneOf('jurisdiction', 'default_locale', ['fi', 'sv', 'en'])],
});
