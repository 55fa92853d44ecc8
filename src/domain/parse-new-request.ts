import { randomBytes } from 'node:crypto';
import { badRequest } from '../http/errors';
import { first, values, type Fields } from '../http/fields';
import { pick, type Jurisdiction, type Locale, type Service } from './catalogue';
import { readAttributeAnswers } from './attribute-answers';
import { wantsExtensions } from './parse-request-query';
import type { NewRequest } from './new-request';
import { serviceNotice } from './status-labels';
import { redactText, screenText } from './screening';
import { addWorkingDays } from './working-days';

const NUMBER = /^-?\d+(\.\d+)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CONSENT: Record<string, boolean> = { true: true, '1': true, yes: true, false: false, '0': false, no: false };

export type Limits = { descriptionMin: number; descriptionMax: number };

function text(fields: Fields, name: string, max: number, problems: string[]): string | null {
  const value = first(fields, name) ?? null;
  if (value !== null && [...value].length > max) problems.push(`${name} is longer than ${max} characters`);
  return value;
}

function location(fields: Fields, problems: string[]): { lat: number | null; long: number | null } {
  const lat = first(fields, 'lat');
  const long = first(fields, 'long');
  if (lat === undefined && long === undefined) return { lat: null, long: null };
  if (lat === undefined || long === undefined) {
    problems.push('lat and long must be given together');
    return { lat: null, long: null };
  }
  const [y, x] = [Number(lat), Number(long)];
  if (!NUMBER.test(lat) || Math.abs(y) > 90) problems.push('lat must be a decimal number from -90 to 90 (WGS84)');
  if (!NUMBER.test(long) || Math.abs(x) > 180) problems.push('long must be a decimal number from -180 to 180 (WGS84)');
  return { lat: y, long: x };
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
 * Screens the texts for personal data (issue 3): any hit holds the request from
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
  fields: Fields,
  service: Service,
  jurisdiction: Jurisdiction,
  locale: Locale,
  applicationId: number,
  limits: Limits,
  receivedAt: Date = new Date(),
): NewRequest {
  const problems: string[] = [];
  const deadlineAt = addWorkingDays(receivedAt, service.slaDays);
  const description = first(fields, 'description') ?? '';
  const length = [...description].length;
  if (length < limits.descriptionMin || length > limits.descriptionMax) {
    problems.push(`description must be ${limits.descriptionMin} to ${limits.descriptionMax} characters, got ${length}`);
  }
  const title = text(fields, 'title', 255, problems);
  const screened = screen(title, description, locale);
  const { lat, long } = location(fields, problems);
  const address = text(fields, 'address_string', 500, problems);
  const addressId = text(fields, 'address_id', 200, problems);
  locationRule(service, lat !== null, address !== null || addressId !== null, problems);
  const email = text(fields, 'email', 254, problems);
  if (email !== null && !EMAIL.test(email)) problems.push('email is not an e-mail address');
  const consentRaw = first(fields, 'publication_consent');
  const consent = consentRaw === undefined ? true : CONSENT[consentRaw.toLowerCase()];
  if (consent === undefined) problems.push('publication_consent must be true or false');
  const request: NewRequest = {
    jurisdictionId: jurisdiction.id,
    serviceId: service.id,
    visibility: service.moderation === 'auto' && screened.hits.length === 0 ? 'public' : 'pending',
    publicationConsent: consent ?? true,
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
    zipcode: text(fields, 'zipcode', 20, problems),
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
      phone: text(fields, 'phone', 50, problems),
      firstName: text(fields, 'first_name', 200, problems),
      lastName: text(fields, 'last_name', 200, problems),
      accountId: text(fields, 'account_id', 200, problems),
      deviceId: text(fields, 'device_id', 200, problems),
    },
  };
  if (problems.length > 0) throw badRequest(...problems);
  return request;
}
