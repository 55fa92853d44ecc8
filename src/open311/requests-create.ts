import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { findService } from '../domain/catalogue';
import { parseNewRequest } from '../domain/parse-new-request';
import { wantsExtensions } from '../domain/parse-request-query';
import { apiKeyFrom } from '../http/api-key';
import { readBody } from '../http/body';
import { badRequest, forbidden, notFound } from '../http/errors';
import { first, type Fields } from '../http/fields';
import type { PostLimiter } from '../http/rate-limit';
import { render } from '../http/render';
import { findApplicationId } from '../repositories/application-repository';
import { insertRequest } from '../repositories/request-write-repository';
import { discardPhotos, storeUploads } from '../media/store-uploads';
import { openScope, queryFields } from './scope';
import { composeAcknowledgement } from '../mail/enqueue';
import { optionalResident } from '../residents/resident-auth';
import type { ResidentVerifier } from '../residents/verify-resident';

/** Body fields win over query fields of the same name (FixMyStreet sends jurisdiction_id in the body). */
function merge(query: Fields, body: Fields): Fields {
  const merged: Fields = new Map(query);
  for (const [name, list] of body) merged.set(name, list);
  return merged;
}

/**
 * POST requests (open311.md §1.8): the address limit before the body is read, 403 before
 * anything else is looked at, the key's limit, then 404/400.
 */
export async function createRequest(
  ctx: Context,
  deps: AppDeps,
  limiter: PostLimiter,
  residents: ResidentVerifier | null = null,
): Promise<void> {
  const { config, db } = deps;
  await limiter.check('address', ctx.ip);
  const query = queryFields(ctx);
  const { fields: body, uploads } = await readBody(ctx, {
    bytes: config.bodyLimitBytes,
    fields: 1000,
    files: config.mediaMaxFiles,
    fileBytes: config.mediaMaxBytes,
  });
  // A resident JWT that does not verify is 401 before anything is stored.
  const resident = await optionalResident(ctx, residents);
  const key = apiKeyFrom(ctx, body, query);
  const applicationId = key === undefined ? null : await findApplicationId(db.pool, key);
  if (applicationId === null) throw forbidden(key === undefined ? 'api_key is missing' : 'api_key is not valid');
  await limiter.check('api_key', String(applicationId));
  const fields = merge(query, body);
  const { catalogue, jurisdiction, locale } = await openScope(ctx, deps, fields);
  const code = first(fields, 'service_code');
  if (code === undefined) throw badRequest('service_code is required');
  const service = findService(catalogue, jurisdiction.id, code);
  if (!service || !service.active) throw notFound(`service_code "${code}" is not a service of ${jurisdiction.id}`);
  const parsed = parseNewRequest(fields, service, jurisdiction, locale, applicationId, {
    descriptionMin: config.descriptionMinLength,
    descriptionMax: config.descriptionMaxLength,
  });
  // The account is the verified token's subject, never a posted account_id (issue 5).
  const request =
    resident === null ? parsed : { ...parsed, resident, contact: { ...parsed.contact, accountId: resident.subject } };
  const acknowledgement =
    request.contact.email === null
      ? null
      : composeAcknowledgement(config.publicBaseUrl, request.locale, request.trackingToken, request.serviceNotice);
  const photos = await storeUploads(deps.media, uploads, { maxPixels: config.mediaMaxPixels });
  const created = await insertRequest(db.pool, request, photos, acknowledgement).catch(async (error: unknown) => {
    await discardPhotos(deps.media, photos);
    throw error;
  });
  const handle = created.token === null ? { service_request_id: created.publicId } : { token: created.token };
  // The tracking token is the submitter's private key to the request: shown once, stored hashed.
  const tracking =
    request.trackingToken === null || !wantsExtensions(fields)
      ? {}
      : { extended_attributes: { tracking_token: request.trackingToken } };
  render(ctx, 'service_requests', [{ ...handle, service_notice: request.serviceNotice, ...tracking }]);
}
