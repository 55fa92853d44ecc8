import { EntitySchema } from 'typeorm';
import { serialId, type Localized } from './columns';
import { JurisdictionEntity } from './jurisdiction';

/** A unit that handles feedback, per municipality. */
export type DepartmentRecord = {
  id: number;
  jurisdictionId: string;
  code: string;
  names: Localized;
};

export const DepartmentEntity = new EntitySchema<DepartmentRecord>({
  name: 'department',
  columns: {
    id: serialId,
    jurisdictionId: { type: 'text', foreignKey: { target: JurisdictionEntity } },
    code: { type: 'text' },
    names: { type: 'jsonb' },
  },
  uniques: [{ columns: ['jurisdictionId', 'code'] }],
});
