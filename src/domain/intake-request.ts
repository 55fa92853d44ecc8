import { findService } from './catalogue';
import { badRequest, conflict } from './errors';
import { addField, type Fields } from './fields';
import { fileRequest, type Filed, type SubmitDeps } from './file-request';
import type { Intake, IntakeChannel } from './intake-channel';
import { resolveLocale } from './locale';
import type { ParamValue } from './params';
import type { Principal } from './principal';

export type IntakeDeps = Pick<SubmitDeps, 'pool' | 'media' | 'config' | 'catalogue'>;

/** The staff intake body as the document (AdminIntakeRequest) checked it. */
export type IntakeBody = {
  channel: IntakeChannel;
  jurisdiction_id?: string;
  service_code: string;
  description: string;
  title?: string;
  lat?: number;
  long?: number;
  address_string?: string;
  address_id?: string;
  zipcode?: string;
  attributes?: Record<string, string | number | (string | number)[]>;
  contact?: { email?: string; phone?: string; first_name?: string; last_name?: string };
  publication_consent: boolean;
  locale?: string;
};

export type TakenIn = Filed & { channel: IntakeChannel };

/** The fields of the Open311 POST that the intake body carries, under the same names. */
function paramsOf(body: IntakeBody): Record<string, ParamValue> {
  const given: Record<string, ParamValue | undefined> = {
    description: body.description,
    title: body.title,
    lat: body.lat,
    long: body.long,
    address_string: body.address_string,
    address_id: body.address_id,
    zipcode: body.zipcode,
    email: body.contact?.email,
    phone: body.contact?.phone,
    first_name: body.contact?.first_name,
    last_name: body.contact?.last_name,
    publication_consent: body.publication_consent,
  };
  // As in the Open311 POST, a blank text counts as absent (docs/open311-dialect.md §6.2).
  const present = Object.entries(given).filter(
    (entry): entry is [string, ParamValue] =>
      entry[1] !== undefined && (typeof entry[1] !== 'string' || entry[1].trim() !== ''),
  );
  return Object.fromEntries(present);
}

/** Attribute answers as the Open311 POST spells them: `attribute[CODE]`, or `attribute[CODE][]` for a list. */
function fieldsOf(body: IntakeBody): Fields {
  const fields: Fields = new Map();
  for (const [code, answer] of Object.entries(body.attributes ?? {})) {
    if (Array.isArray(answer)) for (const value of answer) addField(fields, `attribute[${code}][]`, String(value));
    else addField(fields, `attribute[${code}]`, String(answer));
  }
  return fields;
}

/**
 * Staff intake (docs/staff-intake.md): a handler files a request for a resident who phoned,
 * wrote or came to the service desk. The city is already settled (the handler's own, or the one
 * an instance admin named); any active category of it may be used. The request is then filed
 * exactly as a resident's own POST (src/domain/file-request.ts: field rules, attribute answers,
 * screening, publication rules, number, acknowledgement to `contact.email`), with no client
 * application, recording the channel and the handler as the `created` event's actor.
 */
export async function takeInRequest(
  deps: IntakeDeps,
  principal: Principal,
  jurisdictionId: string,
  body: IntakeBody,
): Promise<TakenIn> {
  const catalogue = await deps.catalogue.get();
  const jurisdiction = catalogue.jurisdictions.get(jurisdictionId);
  if (jurisdiction === undefined) throw badRequest(`jurisdiction_id "${jurisdictionId}" is not served here`);
  if (!jurisdiction.active) throw conflict(`${jurisdictionId} takes no new requests`);
  const service = findService(catalogue, jurisdiction.id, body.service_code);
  if (!service || !service.active) {
    throw badRequest(`service_code "${body.service_code}" is not an active service of ${jurisdiction.id}`);
  }
  const intake: Intake = { channel: body.channel, handlerId: principal.id };
  const filed = await fileRequest(deps, {
    jurisdiction,
    service,
    body: { fields: fieldsOf(body), params: paramsOf(body), problems: [] },
    locale: resolveLocale(body.locale, '', jurisdiction.defaultLocale),
    applicationId: null,
    resident: null,
    photos: null,
    intake,
  });
  return { ...filed, channel: body.channel };
}
