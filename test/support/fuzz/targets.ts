/**
 * A valid call of every operation of the OpenAPI document, built from the ids the fuzz test
 * creates: the fuzzer changes one input at a time, so that each malformed value reaches the
 * code behind the earlier checks. An operation missing here fails the test.
 */
export type Fixture = {
  requestId: string;
  otherRequestId: string;
  /** Marked a duplicate of otherRequestId (which closes it), so that requestId stays open for the rest. */
  duplicateId: string;
  photoId: string;
  batchToken: string;
  departmentId: number;
  otherDepartmentId: number;
  handlerId: number;
  tokenId: number;
  clientId: number;
  /** A browser key's client, for PATCH (the one above is revoked along the way). */
  browserClientId: number;
  /** A public request of its own for the pages, so that the admin calls above never close it. */
  pageRequestId: string;
  trackingToken: string;
  /** Sign-in links: one only looked at, one used by the first valid POST. */
  signInToken: string;
  spentSignInToken: string;
  /** "My feedback" sessions: one to read with, one to sign out of. */
  session: string;
  spareSession: string;
  /**
   * A webhook with one delivered delivery, and one webhook each to read, change and delete: a
   * method mutation on /webhooks/{id} (DELETE on the GET's path) must not take another's.
   */
  webhookId: number;
  deliveryId: string;
  readWebhookId: number;
  changedWebhookId: number;
  spareWebhookId: number;
};

/** In a JSON body, `{seq}` becomes the call's number: creations stay unique, so each reaches the insert. */
export type Baseline = {
  path?: Record<string, string>;
  query?: Record<string, string>;
  /** JSON body (admin writes, and createRequest's JSON form). */
  json?: Record<string, unknown>;
  /** urlencoded body (createRequest, the pages' forms). */
  form?: Record<string, string>;
  /** Cookies, sent as one Cookie header. */
  cookie?: Record<string, string>;
  /** What the valid call answers once an earlier valid call has used up what it names (a single-use link). */
  spent?: number;
};

const NEW_REQUEST = {
  service_code: '101',
  lat: '60.4041',
  long: '25.1043',
  description: 'Syvä kuoppa pyörätiellä koulun kohdalla.',
  'attribute[SIZE]': 'small',
  nickname: 'Pyöräilijä',
  email: 'asukas@example.fi',
  publication_consent: 'true',
};

const ATTRIBUTE = {
  code: 'SIZE',
  datatype: 'singlevaluelist',
  required: true,
  order: 1,
  descriptions: { fi: 'Koko' },
  values: [{ key: 'small', names: { fi: 'Pieni' } }],
};

const NAMES = { fi: 'Nimi', sv: 'Namn', en: 'Name' };

export function baselines(f: Fixture): Record<string, Baseline> {
  const request = { service_request_id: f.requestId };
  const page = { service_request_id: f.pageRequestId };
  return {
    getDiscovery: {},
    getServices: { query: { locale: 'fi' } },
    getServiceDefinition: { path: { service_code: '101' } },
    getServiceDefinitionAlias: { path: { service_code: '101' } },
    getRequests: { query: { status: 'open' } },
    createRequest: { form: NEW_REQUEST, json: NEW_REQUEST },
    getToken: { path: { token: f.batchToken } },
    getRequest: { path: request, query: { extensions: 'true' } },
    getPhoto: { path: { file: `${f.photoId}.jpg` } },
    getHealth: {},
    getReady: {},
    getMetrics: {},
    getOpenApi: {},
    getDocs: {},
    getWidgetLoader: {},
    // The loader's name matches /widget/{file} too; the hashed names change with every build.
    getWidgetFile: { path: { file: 'palaute.js' } },
    getWidgetConfig: { query: { jurisdiction_id: 'test.fi' } },
    adminGetMe: {},
    adminUpdateMe: { json: { alerts_enabled: true, language: 'sv' } },
    adminListRequests: { query: { status: 'open' } },
    adminGetRequest: { path: request },
    adminGetRequestPhoto: { path: { ...request, photo_file: `${f.photoId}.jpg` } },
    adminCreateRequest: {
      json: {
        channel: 'phone',
        jurisdiction_id: 'test.fi',
        service_code: '101',
        lat: 60.4041,
        long: 25.1043,
        description: 'Asukas soitti: syvä kuoppa pyörätiellä.',
        attributes: { SIZE: 'small' },
        contact: { email: 'asukas@example.fi', first_name: 'Asukas' },
        publication_consent: true,
      },
    },
    adminBulkAction: { json: { action: 'set_status', request_ids: [f.requestId], detailed_status: 'IN_PROCESS' } },
    adminChangeStatus: {
      path: request,
      json: { detailed_status: 'IN_PROCESS', answer: 'Otettu käsittelyyn.', note: 'Sisäinen.' },
    },
    adminAnswerRequest: { path: request, json: { answer: 'Kiitos palautteesta.' } },
    adminAddNote: { path: request, json: { note: 'Soitettu urakoitsijalle.' } },
    adminAssignRequest: { path: request, json: { department_id: f.otherDepartmentId, handler_id: null } },
    adminRedirectRequest: {
      path: request,
      json: { to: 'department', department_id: f.departmentId, note: 'Kaduille.' },
    },
    adminMarkDuplicate: {
      path: { service_request_id: f.duplicateId },
      json: { original_id: f.otherRequestId, answer: 'Sama kuoppa.' },
    },
    adminSetExpected: { path: request, json: { expected_datetime: '2030-01-02T10:00:00+02:00' } },
    // The fixture request's nickname goes with the first valid call; later ones find none (409).
    adminRemoveNickname: { path: request, json: { note: 'Asiaton nimimerkki.' }, spent: 409 },
    adminChangePublication: {
      path: request,
      json: { visibility: 'public', title_public: 'Kuoppa', description_public: 'Kuoppa pyörätiellä.', force: false },
    },
    adminSetPhotoPublished: { path: { ...request, photo_id: f.photoId }, json: { published: true } },
    // Not requestId: its unpublished photo must stay for the photo calls.
    adminEraseRequest: { path: { service_request_id: f.duplicateId }, json: { reason: 'Asukkaan pyyntö.' } },
    adminListServices: {},
    adminCreateService: {
      json: {
        service_code: 'FUZZ-{seq}',
        names: NAMES,
        descriptions: NAMES,
        groups: NAMES,
        keywords: NAMES,
        type: 'realtime',
        location_rule: 'coords_or_address',
        moderation: 'auto',
        never_public: false,
        department_id: f.departmentId,
        sla_days: 5,
        active: true,
        sort_order: 1,
        attributes: [ATTRIBUTE],
      },
    },
    adminGetService: { path: { service_code: '101' } },
    adminUpdateService: { path: { service_code: '102' }, json: { names: NAMES, sla_days: 4, attributes: [] } },
    adminListDepartments: {},
    adminCreateDepartment: { json: { code: 'fuzz-{seq}', names: NAMES } },
    adminUpdateDepartment: {
      path: { department_id: String(f.otherDepartmentId) },
      json: { code: 'parks', names: NAMES },
    },
    adminListHandlers: {},
    adminCreateHandler: {
      json: { email: 'uusi.{seq}@city.test', name: 'Uusi', role: 'handler', department_ids: [f.departmentId] },
    },
    adminGetHandler: { path: { handler_id: String(f.handlerId) } },
    adminUpdateHandler: {
      path: { handler_id: String(f.handlerId) },
      json: { email: 'kohde@city.test', name: 'Kohde', role: 'viewer', department_ids: [f.departmentId], active: true },
    },
    adminListHandlerTokens: { path: { handler_id: String(f.handlerId) } },
    adminCreateHandlerToken: { path: { handler_id: String(f.handlerId) }, json: { label: 'laptop' } },
    adminRevokeHandlerToken: { path: { handler_id: String(f.handlerId), token_id: String(f.tokenId) } },
    adminListClients: {},
    adminCreateClient: { json: { name: 'Fuzz client' } },
    adminUpdateClient: {
      path: { client_id: String(f.browserClientId) },
      json: { name: 'Fuzz client', allowed_origins: ['https://www.kerava.fi', 'http://localhost:*'] },
    },
    adminRevokeClient: { path: { client_id: String(f.clientId) } },
    adminListJurisdictions: {},
    adminGetJurisdiction: { path: { jurisdiction_id: 'test.fi' } },
    // A second city once: later valid calls find its id (and its missing prefix rule) taken.
    adminCreateJurisdiction: {
      json: { jurisdiction_id: 'fuzz.example.fi', names: { fi: 'Fuzzila' }, request_prefix: 'FZ' },
      spent: 409,
    },
    // The city created above, never test.fi: a fuzzed body may switch `active` off.
    adminUpdateJurisdiction: {
      path: { jurisdiction_id: 'fuzz.example.fi' },
      json: { names: { fi: 'Fuzzila', sv: 'Fuzzby' } },
    },
    adminGetStatistics: { query: { group_by: 'period', period: 'month' } },
    adminGetStatisticsCsv: { query: { group_by: 'service', separator: 'semicolon' } },
    adminExportRequestsCsv: { query: { include_contact: 'false' } },
    adminListOutbox: { query: { state: 'pending' } },
    adminListWebhooks: { query: { jurisdiction_id: 'test.fi' } },
    adminCreateWebhook: {
      json: { url: 'http://127.0.0.1:9/hook', events: ['request.created'], jurisdiction_id: 'test.fi' },
    },
    adminGetWebhook: { path: { webhook_id: String(f.readWebhookId) } },
    adminUpdateWebhook: {
      path: { webhook_id: String(f.changedWebhookId) },
      json: { name: 'Fuzz hook', events: ['request.answered'] },
    },
    adminDeleteWebhook: { path: { webhook_id: String(f.spareWebhookId) }, spent: 404 },
    adminListWebhookDeliveries: { path: { webhook_id: String(f.webhookId) }, query: { state: 'delivered' } },
    // Delivered once: the first valid call makes it pending again, and a pending one is a 409.
    adminRedeliverWebhookDelivery: {
      path: { webhook_id: String(f.webhookId), delivery_id: f.deliveryId },
      spent: 409,
    },
    getRequestsGeoJson: { query: { status: 'open' } },
    getSimilarRequests: { query: { service_code: '101', lat: '60.4041', long: '25.1043', radius: '200' } },
    getMyRequests: {},
    getRequestsRss: { query: { service_code: '101' } },
    getRequestsAtom: { query: { service_code: '101' } },
    getServiceRequestUpdates: { query: { page_size: '10' } },
    getHomePage: { query: { lang: 'fi' } },
    getRequestPage: { path: page, query: { tracking_token: f.trackingToken, lang: 'fi' } },
    addRequestDetails: {
      path: page,
      form: { tracking_token: f.trackingToken, details: 'Kuoppa on syventynyt, reunassa on terävä reuna.' },
    },
    getPagesStylesheet: {},
    getMyFeedback: { query: { lang: 'fi' }, cookie: { palaute_session: f.session } },
    requestSignInLink: { query: { lang: 'fi' }, form: { email: 'asukas@example.fi' } },
    getSignInLink: { path: { token: f.signInToken }, query: { lang: 'fi' } },
    useSignInLink: { path: { token: f.spentSignInToken }, query: { lang: 'fi' }, spent: 410 },
    signOutMyFeedback: { query: { lang: 'fi' }, cookie: { palaute_session: f.spareSession } },
  };
}
