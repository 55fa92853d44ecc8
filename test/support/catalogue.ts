import type { Pool } from 'pg';
import { createDepartment, createJurisdiction, createService } from './factories';

export type TestCatalogue = {
  pothole: number;
  litter: number;
  health: number;
  batch: number;
  premoderated: number;
  inactive: number;
  general: number;
  coordsOnly: number;
};

/** A small municipality with one service per behaviour the tests need. */
export async function seedCatalogue(pool: Pool, jurisdictionId = 'test.fi'): Promise<TestCatalogue> {
  await createJurisdiction(pool, jurisdictionId);
  const streets = await createDepartment(pool, jurisdictionId, 'streets', {
    fi: 'Katupalvelut',
    sv: 'Gatutjänster',
    en: 'Street services',
  });
  const base = { jurisdictionId, departmentId: streets };
  return {
    pothole: await createService(pool, {
      ...base,
      code: '101',
      names: { fi: 'Katujen kunto', sv: 'Gatornas skick', en: 'Potholes' },
      keywords: { fi: 'kuoppa,katu', en: 'pothole,street' },
      attributes: [
        {
          code: 'SIZE',
          datatype: 'singlevaluelist',
          required: true,
          order: 1,
          values: [
            { key: 'small', names: { fi: 'Pieni', en: 'Small' } },
            { key: 'large', names: { fi: 'Suuri', en: 'Large' } },
          ],
        },
        {
          code: 'HAZARDS',
          datatype: 'multivaluelist',
          order: 2,
          values: [
            { key: 'cars', names: { fi: 'Autot', en: 'Cars' } },
            { key: 'bikes', names: { fi: 'Pyörät', en: 'Bikes' } },
          ],
        },
        { code: 'DEPTH_CM', datatype: 'number', order: 3 },
        { code: 'NOTICED', datatype: 'datetime', order: 4 },
        { code: 'LANDMARK', datatype: 'string', order: 5 },
        { code: 'DETAILS', datatype: 'text', order: 6 },
        { code: 'INFO', datatype: 'string', variable: false, order: 7 },
      ],
    }),
    litter: await createService(pool, {
      ...base,
      code: '102',
      names: { fi: 'Roskaaminen', sv: 'Nedskräpning', en: 'Litter' },
    }),
    health: await createService(pool, {
      ...base,
      code: '900',
      neverPublic: true,
      moderation: 'pre',
      locationRule: 'none',
      names: { fi: 'Sosiaali- ja terveyspalvelut', sv: 'Social- och hälsovård', en: 'Social and health services' },
    }),
    batch: await createService(pool, { ...base, code: '103', type: 'batch' }),
    premoderated: await createService(pool, { ...base, code: '104', moderation: 'pre' }),
    inactive: await createService(pool, { ...base, code: '105', active: false }),
    general: await createService(pool, {
      ...base,
      code: '200',
      locationRule: 'none',
      names: { fi: 'Yleinen palaute', sv: 'Allmän respons', en: 'General feedback' },
    }),
    coordsOnly: await createService(pool, { ...base, code: '106', locationRule: 'coords' }),
  };
}
