/**
 * How to call each admin operation of the OpenAPI document (by operationId) so that an allowed
 * principal gets a 2xx, and which roles and departments are allowed: the expectations of
 * permission-matrix.test.ts, written down apart from the code's own rules (src/admin/rights.ts).
 */
import type { Role } from '../../src/domain/principal';

/**
 * `any` every role; `read` within one's departments; `work` admins and handlers, within them;
 * `admin` admins (instance and city admins); `instance` instance admins only (the cities);
 * `file` admins and handlers whatever their departments (intake, and bulk, which answers per request).
 */
export type Access = 'any' | 'read' | 'work' | 'admin' | 'instance' | 'file';
/** Who calls: a role, or a city admin (role admin with a city; `admin` here is the instance admin). */
export type Who = Role | 'city admin';
export type Fixture = {
  publicId: string;
  photoId: string;
  departmentId: number;
  originalId: string;
  peerId: number;
  peerTokenId: number;
  serviceCode: string;
  clientId: number;
  /** A webhook of the city with one delivered delivery (redeliverable). */
  webhookId: number;
  deliveryId: string;
};
export type Call = { path: (f: Fixture) => string; body?: (f: Fixture) => object; access: Access; query?: string };

let unique = 0;

/** Two to six capital letters, different on every call: a new city's request prefix. */
const newPrefix = (n: number): string => `Q${String.fromCharCode(65 + (Math.floor(n / 26) % 26), 65 + (n % 26))}`;

const req = (f: Fixture) => `/admin/v1/requests/${f.publicId}`;

/** How to call each admin operation (by operationId) so that an allowed principal gets a 2xx. */
export const CALLS: Record<string, Call> = {
  adminGetMe: { path: () => '/admin/v1/me', access: 'any' },
  adminUpdateMe: { path: () => '/admin/v1/me', body: () => ({ language: 'sv' }), access: 'any' },
  adminListRequests: { path: () => '/admin/v1/requests', access: 'any' },
  adminGetRequest: { path: req, access: 'read' },
  adminCreateRequest: {
    path: () => '/admin/v1/requests',
    body: (f) => ({
      service_code: f.serviceCode,
      jurisdiction_id: 'test.fi',
      description: 'Soitto: katuvalo ei pala.',
      lat: 60.4,
      long: 25.1,
      channel: 'phone',
      publication_consent: true,
    }),
    access: 'file',
  },
  adminBulkAction: {
    path: () => '/admin/v1/requests/bulk',
    body: (f) => ({ action: 'set_status', request_ids: [f.publicId], detailed_status: 'IN_PROCESS' }),
    access: 'file',
  },
  adminGetRequestPhoto: { path: (f) => `${req(f)}/photos/${f.photoId}.jpg`, access: 'read' },
  adminChangeStatus: {
    path: (f) => `${req(f)}/status`,
    body: () => ({ detailed_status: 'IN_PROCESS' }),
    access: 'work',
  },
  adminAnswerRequest: {
    path: (f) => `${req(f)}/answer`,
    body: () => ({ answer: 'Kiitos, korjaamme.' }),
    access: 'work',
  },
  adminAddNote: { path: (f) => `${req(f)}/notes`, body: () => ({ note: 'Sisäinen huomio' }), access: 'work' },
  adminAssignRequest: { path: (f) => `${req(f)}/assignment`, body: (f) => ({ handler_id: f.peerId }), access: 'work' },
  adminRedirectRequest: {
    path: (f) => `${req(f)}/redirect`,
    body: () => ({ to: 'authority', authority_name: 'Väylävirasto', authority_contact: 'kirjaamo@vayla.fi' }),
    access: 'work',
  },
  adminMarkDuplicate: {
    path: (f) => `${req(f)}/duplicate`,
    body: (f) => ({ original_id: f.originalId }),
    access: 'work',
  },
  adminSetExpected: {
    path: (f) => `${req(f)}/expected`,
    body: () => ({ expected_datetime: '2030-01-01T12:00:00Z' }),
    access: 'work',
  },
  adminRemoveNickname: { path: (f) => `${req(f)}/nickname/remove`, body: () => ({}), access: 'work' },
  adminChangePublication: {
    path: (f) => `${req(f)}/publication`,
    body: () => ({ visibility: 'hidden' }),
    access: 'work',
  },
  adminSetPhotoPublished: {
    path: (f) => `${req(f)}/photos/${f.photoId}/publication`,
    body: () => ({ published: false }),
    access: 'work',
  },
  adminListOutbox: { path: () => '/admin/v1/outbox', access: 'admin' },
  adminEraseRequest: { path: (f) => `${req(f)}/erase`, body: () => ({ reason: 'Asukkaan pyyntö' }), access: 'admin' },
  adminListServices: { path: () => '/admin/v1/services', access: 'any' },
  adminGetService: { path: (f) => `/admin/v1/services/${f.serviceCode}`, access: 'any' },
  adminCreateService: {
    path: () => '/admin/v1/services',
    body: () => ({ service_code: `9${(unique += 1)}`, names: { fi: 'Uusi aihe', sv: 'Nytt ämne', en: 'New topic' } }),
    access: 'admin',
  },
  adminUpdateService: {
    path: (f) => `/admin/v1/services/${f.serviceCode}`,
    body: () => ({ sla_days: 5 }),
    access: 'admin',
  },
  adminListDepartments: { path: () => '/admin/v1/departments', access: 'any' },
  adminCreateDepartment: {
    path: () => '/admin/v1/departments',
    body: () => ({ code: `dept${(unique += 1)}`, names: { fi: 'Osasto' } }),
    access: 'admin',
  },
  adminUpdateDepartment: {
    path: (f) => `/admin/v1/departments/${f.departmentId}`,
    body: () => ({ names: { fi: 'Osasto', sv: 'Avdelning' } }),
    access: 'admin',
  },
  adminListHandlers: { path: () => '/admin/v1/handlers', access: 'admin' },
  adminCreateHandler: {
    path: () => '/admin/v1/handlers',
    body: () => ({ email: `new${(unique += 1)}@city.test`, role: 'viewer', jurisdiction_id: 'test.fi' }),
    access: 'admin',
  },
  adminGetHandler: { path: (f) => `/admin/v1/handlers/${f.peerId}`, access: 'admin' },
  adminUpdateHandler: {
    path: (f) => `/admin/v1/handlers/${f.peerId}`,
    body: () => ({ name: 'Uusi nimi' }),
    access: 'admin',
  },
  adminListHandlerTokens: { path: (f) => `/admin/v1/handlers/${f.peerId}/tokens`, access: 'admin' },
  adminCreateHandlerToken: { path: (f) => `/admin/v1/handlers/${f.peerId}/tokens`, body: () => ({}), access: 'admin' },
  adminRevokeHandlerToken: {
    path: (f) => `/admin/v1/handlers/${f.peerId}/tokens/${f.peerTokenId}`,
    access: 'admin',
  },
  adminListClients: { path: () => '/admin/v1/clients', access: 'admin' },
  adminCreateClient: {
    path: () => '/admin/v1/clients',
    body: () => ({ name: 'Kaupungin lomake', jurisdiction_id: 'test.fi' }),
    access: 'admin',
  },
  adminUpdateClient: {
    path: (f) => `/admin/v1/clients/${f.clientId}`,
    body: () => ({ allowed_origins: ['https://www.kerava.fi'] }),
    access: 'admin',
  },
  adminRevokeClient: { path: (f) => `/admin/v1/clients/${f.clientId}`, access: 'admin' },
  adminGetStatistics: { path: (f) => `/admin/v1/statistics?department_id=${f.departmentId}`, access: 'read' },
  adminGetStatisticsCsv: { path: (f) => `/admin/v1/statistics.csv?department_id=${f.departmentId}`, access: 'read' },
  adminExportRequestsCsv: { path: (f) => `/admin/v1/requests.csv?department_id=${f.departmentId}`, access: 'read' },
  adminListJurisdictions: { path: () => '/admin/v1/jurisdictions', access: 'instance' },
  adminCreateJurisdiction: {
    path: () => '/admin/v1/jurisdictions',
    body: () => {
      unique += 1;
      return {
        jurisdiction_id: `city${unique}.fi`,
        names: { fi: `Kaupunki ${unique}` },
        request_prefix: newPrefix(unique),
      };
    },
    access: 'instance',
  },
  adminGetJurisdiction: { path: () => '/admin/v1/jurisdictions/test.fi', access: 'instance' },
  adminListWebhooks: { path: () => '/admin/v1/webhooks', access: 'admin' },
  adminCreateWebhook: {
    path: () => '/admin/v1/webhooks',
    body: () => ({ url: 'http://127.0.0.1:9/hook', events: ['request.created'], jurisdiction_id: 'test.fi' }),
    access: 'admin',
  },
  adminGetWebhook: { path: (f) => `/admin/v1/webhooks/${f.webhookId}`, access: 'admin' },
  adminUpdateWebhook: {
    path: (f) => `/admin/v1/webhooks/${f.webhookId}`,
    body: () => ({ active: true }),
    access: 'admin',
  },
  adminDeleteWebhook: { path: (f) => `/admin/v1/webhooks/${f.webhookId}`, access: 'admin' },
  adminListWebhookDeliveries: { path: (f) => `/admin/v1/webhooks/${f.webhookId}/deliveries`, access: 'admin' },
  adminRedeliverWebhookDelivery: {
    path: (f) => `/admin/v1/webhooks/${f.webhookId}/deliveries/${f.deliveryId}/redeliver`,
    access: 'admin',
  },
  adminUpdateJurisdiction: {
    path: () => '/admin/v1/jurisdictions/test.fi',
    body: () => ({ active: true }),
    access: 'instance',
  },
};

/** Ids that name nothing: the same calls on these must be refused exactly as on real ones. */
export const UNKNOWN: Omit<Fixture, 'departmentId'> = {
  publicId: '2099-999999',
  photoId: 'a'.repeat(32),
  originalId: '2099-999998',
  peerId: 999999,
  peerTokenId: 999999,
  serviceCode: 'no-such-service',
  clientId: 999999,
  webhookId: 999999,
  deliveryId: '999999',
};

export function allowed(access: Access, who: Who, own: boolean): boolean {
  if (access === 'any') return true;
  if (access === 'instance') return who === 'admin';
  if (access === 'admin') return who === 'admin' || who === 'city admin';
  if (access === 'file') return who !== 'viewer';
  if (who === 'admin' || who === 'city admin') return true;
  if (access === 'read') return own;
  return own && who === 'handler';
}

/** Who may never call an operation, whatever it names: refused before any lookup. */
export function neverAllowed(access: Access): Who[] {
  if (access === 'instance') return ['city admin', 'handler', 'viewer'];
  if (access === 'admin') return ['handler', 'viewer'];
  return access === 'work' || access === 'file' ? ['viewer'] : [];
}
