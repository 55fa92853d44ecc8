import { EntitySchema } from 'typeorm';
import type { Contact } from '../../domain/new-request';
import { migrationIndex, optionalText } from './columns';
import { ServiceRequestEntity } from './service-request';

/** The submitter's contact details, apart from the request so that no public read touches them. */
export type RequestContactRecord = Contact & {
  requestId: string;
  residentIssuer: string | null;
  residentSubject: string | null;
};

export const RequestContactEntity = new EntitySchema<RequestContactRecord>({
  name: 'request_contact',
  columns: {
    requestId: { type: 'bigint', primary: true, foreignKey: { target: ServiceRequestEntity, onDelete: 'CASCADE' } },
    email: optionalText,
    phone: optionalText,
    firstName: optionalText,
    lastName: optionalText,
    accountId: optionalText,
    deviceId: optionalText,
    residentIssuer: optionalText,
    residentSubject: optionalText,
  },
  // A resident's own requests, newest first (DESC key, partial); by lower(email) for the e-mail link.
  indices: [migrationIndex('request_contact_resident'), migrationIndex('request_contact_email')],
});
