import { call, urlOf, type Attribute } from '../api';
import type { Photo } from './view-model';

export type Submission = {
  apiBase: string;
  form: HTMLFormElement;
  attributes: Attribute[];
  photos: Photo[];
  apiKey?: string;
  token?: string;
  lang: string;
  jurisdictionId?: string;
};

export type Created = { id: string | null; notice: string | null; trackingToken: string | null };

/** The submitter's private link to their request's page on the service (`?tracking_token=`, docs/api.md). */
export const trackingUrlOf = (created: Created, pageUrl: (id: string) => string): string | null =>
  created.id && created.trackingToken
    ? `${pageUrl(created.id)}?tracking_token=${encodeURIComponent(created.trackingToken)}`
    : null;

type Answer = {
  service_request_id?: string;
  token?: string;
  service_notice: string | null;
  extended_attributes?: { tracking_token?: string };
}[];

const pad = (n: number): string => String(Math.abs(n)).padStart(2, '0');

/** A `datetime-local` value with the browser's own offset: the resident's clock, unambiguous. */
export function withOffset(local: string): string {
  const date = new Date(local);
  if (Number.isNaN(date.getTime())) return local;
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  return `${local.length === 16 ? `${local}:00` : local}${sign}${pad(Math.trunc(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * The form as GeoReport fields, named as its controls are: empty fields left out (an empty
 * `email` is not an address), consent always sent (an unticked box sends nothing, and absent
 * means yes), datetimes with their offset, photos as `media` parts.
 */
export function fieldsOf(submission: Submission): FormData {
  const data = new FormData(submission.form);
  data.delete('media');
  for (const [name, value] of [...data.entries()]) {
    if (typeof value === 'string' && value.trim() === '') data.delete(name);
  }
  for (const attribute of submission.attributes) {
    const name = `attribute[${attribute.code}]`;
    const value = data.get(name);
    if (attribute.datatype === 'datetime' && typeof value === 'string') data.set(name, withOffset(value));
  }
  const consent = submission.form.elements.namedItem('publication_consent') as HTMLInputElement | null;
  data.set('publication_consent', consent?.checked === false ? 'false' : 'true');
  data.set('locale', submission.lang);
  if (submission.apiKey) data.set('api_key', submission.apiKey);
  if (submission.jurisdictionId) data.set('jurisdiction_id', submission.jurisdictionId);
  for (const photo of submission.photos) data.append('media', photo.file, photo.file.name);
  return data;
}

/**
 * One POST of everything, photos included (multipart only when there are photos, so text-only
 * feedback never waits behind the service's photo queue). `extensions=true` brings the tracking
 * token; a signed-in resident's token goes as `Authorization: Bearer`, the key then as `api_key`.
 */
export async function submitFeedback(submission: Submission): Promise<Created> {
  const data = fieldsOf(submission);
  const body =
    submission.photos.length > 0
      ? data
      : new URLSearchParams([...data.entries()].map(([name, value]) => [name, String(value)]));
  const headers: Record<string, string> = {};
  if (submission.token) headers.Authorization = `Bearer ${submission.token}`;
  const answer = await call<Answer>(urlOf(submission.apiBase, 'requests.json', { extensions: 'true' }), {
    method: 'POST',
    body,
    headers,
  });
  const first = answer[0] ?? { service_notice: null };
  return {
    id: first.service_request_id ?? null,
    notice: first.service_notice,
    trackingToken: first.extended_attributes?.tracking_token ?? null,
  };
}
