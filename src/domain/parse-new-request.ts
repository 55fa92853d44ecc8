import { randomBytes } from 'node:crypto';
import { badRequest } from './errors';
import { values, type Fields } from './fields';
import { pick, type Jurisdiction, type Locale, type Service } from './catalogue';
import { readAttributeAnswers } from './attribute-answers';
import { wantsExtensions } from './parse-request-query';
import type { NewRequest } from './new-request';
import { textParam, type CheckedBody, type Params } from './params';
import { serviceNotice } from './status-labels';
import { nicknameProblem, redactText, screenText } from './screening';
import { addWorkingDays } from './working-days';

/** The accepted spellings (the document's `publication_consent` pattern) and what they mean. */
const CONSENT: Record<string, boolean> = { true: true, '1': true, yes: true, false: false, '0': false, no: false };

export type Limits = { descriptionMin: number; descriptionMax: number };

/** A text field as checked by the layer (length bounds are the document's); null when absent. */
const text = (params: Params, name: string): string | null => textParam(params, name) ?? null;

/** `lat` and `long` (each checked by the layer) are one point: both or neither. */
function location(params: Params, problems: string[]): { lat: number | null; long: number | null } {
  const { lat, long } = params;
  if (lat === undefined && long === undefined) return { lat: null, long: null };
  if (lat === undefined || long === undefined) {
    problems.push('lat and long must be given together');
    return { lat: null, long: null };
  }
  return { lat: Number(lat), long: Number(long) };
}

function consent(value: Params[string]): boolean {
  return typeof value === 'boolean' ? value : (CONSENT[String(value).toLowerCase()] ?? true);
}

function locationRule(service: Service, hasCoords: boolean, hasAddress: boolean, problems: string[]): void {
  if (service.locationRule === 'coords' && !hasCoords) problems.push('this service needs a location: lat and long');
  if (service.locationRule === 'coords_or_address' && !hasCoords && !hasAddress) {
    problems.push('this service needs a location: lat and long, or address_string, or address_id');
  }
}

function mediaUrls(fields: Fields, problems: string[]): string[] {
  const urls = values(fields, 'media_url')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  for (const url of urls) {
    if (!/^https?:\/\/[^\s]+$/i.test(url)) problems.push(`media_url "${url.slice(0, 100)}" is not an http(s) URL`);
  }
  if (urls.length > 10) problems.push('at most 10 media_url values');
  return urls;
}

/**
 * Screens the texts for personal data (docs/privacy-gate.md §6): any hit holds the request from
 * auto-publication, and the public texts carry the hits redacted in the submitter's language;
 * the originals stay for handlers. Only kinds are recorded, never the matched text.
 */
function screen(title: string | null, description: string, locale: Locale) {
  const titleHits = title === null ? [] : screenText(title);
  const descriptionHits = screenText(description);
  return {
    title: title === null || titleHits.length === 0 ? title : redactText(title, titleHits, locale),
    description: descriptionHits.length === 0 ? description : redactText(description, descriptionHits, locale),
    hits: [
      ...titleHits.map((hit) => ({ field: 'title' as const, kind: hit.kind })),
      ...descriptionHits.map((hit) => ({ field: 'description' as const, kind: hit.kind })),
    ],
  };
}

/**
 * Validates a POST requests body against GeoReport and the service definition, collecting every
 * problem into one 400 so the client sees them all at once.
 */
export function parseNewRequest(
  { fields, params, problems: checked }: CheckedBody,
  service: Service,
  jurisdiction: Jurisdiction,
  locale: Locale,
  applicationId: number | null,
  limits: Limits,
  receivedAt: Date = new Date(),
): NewRequest {
  const problems: string[] = [];
  const deadlineAt = addWorkingDays(receivedAt, service.slaDays);
  const description = textParam(params, 'description') ?? '';
  const length = [...description].length;
  if (length < limits.descriptionMin || length > limits.descriptionMax) {
    problems.push(`description must be ${limits.descriptionMin} to ${limits.descriptionMax} characters, got ${length}`);
  }
  // Each field's own form and bounds: the document, through the parameter layer.
  problems.push(...checked);
  const title = text(params, 'title');
  const screened = screen(title, description, locale);
  const { lat, long } = location(params, problems);
  const address = text(params, 'address_string');
  const addressId = text(params, 'address_id');
  locationRule(service, lat !== null, address !== null || addressId !== null, problems);
  const email = text(params, 'email');
  const firstName = text(params, 'first_name');
  const lastName = text(params, 'last_name');
  const nickname = text(params, 'nickname');
  const nicknameRefusal = nickname === null ? null : nicknameProblem(nickname, { firstName, lastName, email });
  if (nicknameRefusal !== null) problems.push(nicknameRefusal);
  const request: NewRequest = {
    jurisdictionId: jurisdiction.id,
    serviceId: service.id,
    visibility: service.moderation === 'auto' && screened.hits.length === 0 ? 'public' : 'pending',
    publicationConsent: consent(params.publication_consent),
    title,
    description,
    publicTitle: screened.title,
    publicDescription: screened.description,
    screeningHits: screened.hits,
    agencyResponsible: pick(service.departmentNames, jurisdiction.defaultLocale, jurisdiction.defaultLocale),
    serviceNotice: serviceNotice(service.slaDays, locale, deadlineAt),
    receivedAt,
    deadlineAt,
    address,
    addressId,
    zipcode: text(params, 'zipcode'),
    lat,
    long,
    locale,
    token: service.type === 'batch' ? randomBytes(18).toString('base64url') : null,
    // Issued for clients that show it (extensions) and for the e-mailed tracking link.
    trackingToken: wantsExtensions(fields) || email !== null ? randomBytes(24).toString('base64url') : null,
    applicationId,
    attributes: readAttributeAnswers(fields, service.attributes, problems),
    mediaUrls: mediaUrls(fields, problems),
    contact: {
      email,
      phone: text(params, 'phone'),
      firstName,
      lastName,
      accountId: text(params, 'account_id'),
      deviceId: text(params, 'device_id'),
    },
    nickname,
  };
  if (problems.length > 0) throw badRequest(...problems);
  return request;
}
