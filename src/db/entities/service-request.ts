import { EntitySchema, type Point } from 'typeorm';
import { ApplicationEntity } from './application';
import {
  bigserialId,
  jsonList,
  jsonObject,
  migrationIndex,
  oneOf,
  optionalText,
  optionalTimestamp,
  stampedNow,
} from './columns';
import { DepartmentEntity } from './department';
import { HandlerEntity } from './handler';
import { JurisdictionEntity } from './jurisdiction';
import { ServiceEntity } from './service';

/**
 * A resident's feedback. Public reads never load this entity: they go through the hand-tuned
 * SQL of the public repositories (docs/benchmarks.md); it is here so that the schema has one
 * description that TypeORM checks against the migrations.
 */
export type ServiceRequestRecord = {
  id: string;
  publicId: string;
  jurisdictionId: string;
  serviceId: number;
  status: 'open' | 'closed';
  detailedStatus: 'RECEIVED' | 'IN_PROCESS' | 'PROCESSED' | 'REJECTED' | 'ARCHIVED';
  visibility: 'pending' | 'public' | 'hidden';
  publicationConsent: boolean;
  titleOriginal: string | null;
  /** Null only once an admin erased it (erasedAt). */
  descriptionOriginal: string | null;
  titlePublic: string | null;
  descriptionPublic: string | null;
  statusNotes: string | null;
  agencyResponsible: string | null;
  serviceNotice: string | null;
  requestedAt: Date;
  updatedAt: Date;
  expectedAt: Date | null;
  deadlineAt: Date | null;
  firstHandledAt: Date | null;
  closedAt: Date | null;
  address: string | null;
  addressId: string | null;
  zipcode: string | null;
  /** WGS84 point (PostGIS `geometry(Point,4326)`), GeoJSON when read through TypeORM. */
  geom: Point | null;
  locale: string;
  token: string | null;
  applicationId: number | null;
  duplicateOf: string | null;
  attributes: Record<string, unknown>;
  mediaUrls: string[];
  /** Public ids of its published photos in order, kept by triggers on media (1764900000000-published-photo-ids.ts). */
  publishedPhotoIds: string[];
  screeningHits: unknown[];
  trackingTokenHash: string | null;
  departmentId: number | null;
  assigneeId: number | null;
  /** How a handler took the request in for a resident (docs/staff-intake.md); null when the resident sent it. */
  intakeChannel: 'phone' | 'email' | 'letter' | 'service_desk' | 'other' | null;
  intakeHandlerId: number | null;
  /** Shown with the public request (docs/publication.md §2) until a handler removes it. */
  nickname: string | null;
  nicknameRemovedAt: Date | null;
  /** An admin erased its personal data (docs/retention.md). */
  erasedAt: Date | null;
  /** Its contact details are gone: by that erasure or by the retention job. */
  contactErasedAt: Date | null;
};

const TABLE = 'service_request';
const INTAKE_CHANNELS = ['phone', 'email', 'letter', 'service_desk', 'other'];

export const ServiceRequestEntity = new EntitySchema<ServiceRequestRecord>({
  name: TABLE,
  columns: {
    id: bigserialId,
    publicId: { type: 'text', unique: true },
    jurisdictionId: { type: 'text', foreignKey: { target: JurisdictionEntity } },
    serviceId: { type: 'int', foreignKey: { target: ServiceEntity } },
    status: { type: 'text', default: 'open' },
    detailedStatus: { type: 'text', default: 'RECEIVED' },
    visibility: { type: 'text', default: 'pending' },
    publicationConsent: { type: 'boolean', default: true },
    titleOriginal: optionalText,
    descriptionOriginal: optionalText,
    titlePublic: optionalText,
    descriptionPublic: optionalText,
    statusNotes: optionalText,
    agencyResponsible: optionalText,
    serviceNotice: optionalText,
    requestedAt: stampedNow,
    updatedAt: stampedNow,
    expectedAt: optionalTimestamp,
    deadlineAt: optionalTimestamp,
    firstHandledAt: optionalTimestamp,
    closedAt: optionalTimestamp,
    address: optionalText,
    addressId: optionalText,
    zipcode: optionalText,
    geom: { type: 'geometry', spatialFeatureType: 'Point', srid: 4326, nullable: true },
    locale: { type: 'text', default: 'fi' },
    token: { type: 'text', nullable: true, unique: true },
    applicationId: { type: 'int', nullable: true, foreignKey: { target: ApplicationEntity } },
    duplicateOf: { type: 'bigint', nullable: true, foreignKey: { target: TABLE } },
    attributes: jsonObject,
    mediaUrls: { type: 'text', array: true, default: [] },
    publishedPhotoIds: { type: 'text', array: true, default: [] },
    screeningHits: jsonList,
    trackingTokenHash: { type: 'text', nullable: true, unique: true },
    departmentId: { type: 'int', nullable: true, foreignKey: { target: DepartmentEntity } },
    assigneeId: { type: 'int', nullable: true, foreignKey: { target: HandlerEntity } },
    intakeChannel: optionalText,
    intakeHandlerId: { type: 'int', nullable: true, foreignKey: { target: HandlerEntity } },
    nickname: optionalText,
    nicknameRemovedAt: optionalTimestamp,
    erasedAt: optionalTimestamp,
    contactErasedAt: optionalTimestamp,
  },
  checks: [
    oneOf(TABLE, 'status', ['open', 'closed']),
    oneOf(TABLE, 'detailed_status', ['RECEIVED', 'IN_PROCESS', 'PROCESSED', 'REJECTED', 'ARCHIVED']),
    oneOf(TABLE, 'visibility', ['pending', 'public', 'hidden']),
    oneOf(TABLE, 'intake_channel', INTAKE_CHANNELS),
    { name: `${TABLE}_intake_check`, expression: '(intake_channel IS NULL) = (intake_handler_id IS NULL)' },
  ],
  indices: [
    { name: 'service_request_duplicate_of', columns: ['duplicateOf'], where: 'duplicate_of IS NOT NULL' },
    { name: 'service_request_assignee', columns: ['assigneeId'], where: 'assignee_id IS NOT NULL' },
    // DESC keys (newest first, with the id tiebreak of the public lists).
    migrationIndex('service_request_requested'),
    migrationIndex('service_request_status_requested'),
    migrationIndex('service_request_service_requested'),
    migrationIndex('service_request_updated'),
    migrationIndex('service_request_department'),
    migrationIndex('service_request_closed'),
    migrationIndex('service_request_pending'),
    // Inbox sorting by deadline and last change (migration 1764600000400).
    { name: 'service_request_department_deadline', columns: ['departmentId', 'deadlineAt', 'id'] },
    { name: 'service_request_department_updated', columns: ['departmentId', 'updatedAt', 'id'] },
    { name: 'service_request_jurisdiction_deadline', columns: ['jurisdictionId', 'deadlineAt', 'id'] },
    // DESC with INCLUDE, partial on the privacy gate.
    migrationIndex('service_request_public_requested'),
    // GiST over geometry, its geography cast and time (btree_gist).
    migrationIndex('service_request_geom_time'),
    migrationIndex('service_request_geog_time'),
    migrationIndex('service_request_similar'),
    // Trigram GIN over text expressions.
    migrationIndex('service_request_text'),
    migrationIndex('service_request_original_text'),
    // Closed requests whose contact details the retention job has not erased yet.
    migrationIndex('service_request_retention'),
  ],
});
