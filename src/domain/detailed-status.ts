/** A request's detailed status (docs/domain-model.md); GeoReport's open/closed follows from it. */
export type DetailedStatus = 'RECEIVED' | 'IN_PROCESS' | 'PROCESSED' | 'REJECTED' | 'ARCHIVED';
