import { EntitySchema } from 'typeorm';
import { optionalText, serialId, type Localized } from './columns';
import { JurisdictionEntity } from './jurisdiction';

/** A unit that handles feedback, per municipality. */
export type DepartmentRecord = {
  id: number;
  jurisdictionId: string;
  code: string;
  names: Localized;
  /** Where alerts of new requests go (docs/alerts.md); null: no address. */
  alertEmail: string | null;
  /** Whether the department's handlers get alerts of new requests. */
  alertHandlers: boolean;
  /** Whether a daily digest of requests near or past their deadline is sent. */
  digest: boolean;
  /** Helsinki date of the last digest, so that it goes once a day whatever the processes. */
  digestSentOn: string | null;
};

export const DepartmentEntity = new EntitySchema<DepartmentRecord>({
  name: 'department',
  columns: {
    id: serialId,
    jurisdictionId: { type: 'text', foreignKey: { target: JurisdictionEntity } },
    code: { type: 'text' },
    names: { type: 'jsonb' },
    alertEmail: optionalText,
    alertHandlers: { type: 'boolean', default: false },
    digest: { type: 'boolean', default: false },
    digestSentOn: { type: 'date', nullable: true },
  },
  uniques: [{ columns: ['jurisdictionId', 'code'] }],
});
