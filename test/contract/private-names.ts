/**
 * What the public never sees (docs/privacy-gate.md §3), as the names the schema and the code
 * give it: contact details, the submitter's identity, the original texts, handler identities,
 * internal routing, screening hits and secrets. Shared by the two checks of the gate: no public
 * view has such a column, and no public-side code names one.
 */
export const PRIVATE_COLUMNS = [
  'email',
  'phone',
  'first_name',
  'last_name',
  'account_id',
  'device_id',
  'resident_issuer',
  'resident_subject',
  'title_original',
  'description_original',
  'tracking_token_hash',
  'token',
  'screening_hits',
  'attributes',
  'application_id',
  'department_id',
  'assignee_id',
  'handler_id',
  'actor',
  'data',
  'public',
  'visibility',
  'publication_consent',
  'deadline_at',
  'first_handled_at',
];

/**
 * The subset that public-side code may not name at all (not even as a property), with the
 * camelCase forms the domain uses for the same values. Words that are also ordinary public
 * vocabulary (`token`, `attributes`, `data`, `public`, …) are left to the view check.
 */
export const PRIVATE_NAMES = [
  'email',
  'phone',
  'first_name',
  'last_name',
  'firstName',
  'lastName',
  'account_id',
  'accountId',
  'device_id',
  'deviceId',
  'resident_issuer',
  'resident_subject',
  'title_original',
  'description_original',
  'tracking_token_hash',
  'screening_hits',
  'application_id',
  'department_id',
  'assignee_id',
  'handler_id',
  'actor',
];
