import type { Upload } from '../media/upload';
import { citiesCovering } from '../repositories/catalogue-repository';
import { admitApiKey, type KeyPresented } from './api-key';
import { findService } from './catalogue';
import { badRequest, notFound } from './errors';
import { first, type Fields } from './fields';
import { fileRequest, type SubmitDeps } from './file-request';
import { cityOfNewRequest, type Point } from './jurisdiction';
import { localeOf } from './municipality';
import type { CheckedBody, Params } from './params';
import type { Resident } from './resident';

export type { SubmitDeps } from './file-request';

export type Submission = KeyPresented & {
  /** The request's parameters, query and body together. */
  fields: Fields;
  /** The same fields as the route's parameter layer checked them against the OpenAPI document. */
  checked: Omit<CheckedBody, 'fields'>;
  uploads: Upload[];
  /** The verified resident, whose subject becomes the account id; null when anonymous. */
  resident: Resident | null;
  acceptLanguage: string;
  /** The host the POST was sent to, without the port: it names a city (docs/open311-dialect.md §7). */
  host?: string;
  /** The caller's per-key limit, checked once the key is known and before anything else. */
  limitKey?: (applicationId: number) => Promise<void>;
};

export type Submitted = {
  publicId: string;
  /** The batch token, for services that hand out tokens instead of ids. */
  token: string | null;
  serviceNotice: string;
  /** The submitter's private tracking token: returned once, stored hashed. */
  trackingToken: string | null;
};

/** The POST's point when `lat` and `long` both passed their checks; else none (their 400 comes later). */
function pointOf(params: Params): Point | null {
  const degrees = (value: unknown) =>
    typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) ? Number(value) : NaN;
  const lat = degrees(params.lat);
  const long = degrees(params.long);
  return Math.abs(lat) <= 90 && Math.abs(long) <= 180 ? { lat, long } : null;
}

/**
 * Submits a new request (docs/open311-dialect.md §11.5): the API key and, for a browser key, the
 * request's origin (403 before anything else is looked at, then the key's limit), municipality
 * and category (404/400); then the request is filed as every request is (src/domain/file-request.ts:
 * field rules, screening, photos, one statement storing it with its acknowledgement).
 */
export async function submitRequest(deps: SubmitDeps, submission: Submission): Promise<Submitted> {
  const { config } = deps;
  const { fields, resident } = submission;
  // A browser key from another origin is refused here, before its limit is spent or anything stored.
  const { applicationId, jurisdictionId: keyCity } = await admitApiKey(deps.pool, submission);
  await submission.limitKey?.(applicationId);
  const catalogue = await deps.catalogue.get();
  const hints = { requested: first(fields, 'jurisdiction_id'), host: submission.host, keyCity };
  const jurisdiction = await cityOfNewRequest(
    catalogue,
    { ...hints, defaultCity: config.defaultJurisdiction },
    pointOf(submission.checked.params),
    (point) => citiesCovering(deps.pool, point),
  );
  const locale = localeOf(jurisdiction, fields, submission.acceptLanguage);
  const code = first(fields, 'service_code');
  if (code === undefined) throw badRequest('service_code is required');
  const service = findService(catalogue, jurisdiction.id, code);
  if (!service || !service.active) throw notFound(`service_code "${code}" is not a service of ${jurisdiction.id}`);
  const filed = await fileRequest(deps, {
    jurisdiction,
    service,
    body: { fields, ...submission.checked },
    locale,
    applicationId,
    resident,
    photos: { uploads: submission.uploads, queue: deps.photoQueue },
    intake: null,
  });
  return {
    publicId: filed.publicId,
    token: filed.token,
    serviceNotice: filed.serviceNotice,
    trackingToken: filed.trackingToken,
  };
}
