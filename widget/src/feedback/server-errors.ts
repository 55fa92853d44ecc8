import type { ApiFailure } from '../api';
import type { Strings } from '../i18n/strings';
import type { FieldError, FieldKey } from './view-model';

/** The form's fields as the service names them in its messages; lat/long/address are one place. */
const FIELD_NAMES: [string, FieldKey][] = [
  ['service_code', 'service_code'],
  ['description', 'description'],
  ['address_string', 'location'],
  ['address_id', 'location'],
  ['lat', 'location'],
  ['long', 'location'],
  ['email', 'email'],
  ['phone', 'phone'],
  ['first_name', 'first_name'],
  ['last_name', 'last_name'],
  ['publication_consent', 'publication_consent'],
  ['media', 'media'],
  ['photos?', 'media'],
];

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The field a GeoReport error is about: the parameter its description names first
 * (`attribute[CODE]` included), or null when it names none (a refused key, a busy service).
 */
export function fieldOf(description: string, attributeCodes: string[]): FieldKey | null {
  let best: { at: number; key: FieldKey } | null = null;
  const consider = (pattern: string, key: FieldKey) => {
    const match = new RegExp(`(^|[^A-Za-z0-9_\\[])${pattern}(?![A-Za-z0-9_])`).exec(description);
    if (match && (best === null || match.index < best.at)) best = { at: match.index, key };
  };
  for (const code of attributeCodes) consider(`attribute\\[${escape(code)}\\]`, `attribute[${code}]`);
  for (const [pattern, key] of FIELD_NAMES) consider(pattern, key);
  return (best as { key: FieldKey } | null)?.key ?? null;
}

/** What the resident is told for a failure that no field explains. */
function general(failure: ApiFailure, s: Strings): string {
  if (failure.status === 0) return s.networkError;
  if (failure.status === 403) return s.forbidden;
  if (failure.status === 429) return s.rateLimited;
  if (failure.status === 503) return s.unavailable;
  return failure.status >= 500 ? s.serverError : '';
}

/**
 * A failed POST as the form's errors: each GeoReport error beside the field it names, in the
 * service's own words (they are written to be shown, docs/api.md), and everything else in the
 * summary. Nothing is dropped: an answer without errors still gets a general message.
 */
export function errorsOf(failure: ApiFailure, attributeCodes: string[], s: Strings): FieldError[] {
  const opening = general(failure, s);
  const errors: FieldError[] = failure.errors.map((e) => ({
    key: failure.status === 400 || failure.status === 404 ? fieldOf(e.description, attributeCodes) : null,
    text: e.description,
  }));
  if (opening !== '') errors.unshift({ key: null, text: opening });
  if (errors.length === 0) errors.push({ key: null, text: s.serverError });
  return errors;
}
