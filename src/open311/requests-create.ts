import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { wantsExtensions } from '../domain/parse-request-query';
import { submitRequest } from '../domain/submit-request';
import { apiKeyFrom } from '../http/api-key';
import { readBody } from '../http/body';
import { noteKeyOrigins } from '../http/cors-policy';
import type { Fields } from '../http/fields';
import type { PostLimiter } from '../http/rate-limit';
import { render } from '../http/render';
import { bodyParams } from '../http/validate-params';
import type { PhotoQueue } from '../media/photo-queue';
import { queryFields } from './scope';
import { optionalResident } from '../residents/resident-auth';
import type { ResidentVerifier } from '../residents/verify-resident';

/** Body fields win over query fields of the same name (FixMyStreet sends jurisdiction_id in the body). */
function merge(query: Fields, body: Fields): Fields {
  const merged: Fields = new Map(query);
  for (const [name, list] of body) merged.set(name, list);
  return merged;
}

/**
 * POST requests (docs/open311-dialect.md §11.5): the address limit before the body is read (for
 * browser keys too), then the body and the resident's sign-in; the submission itself (key and its
 * origin, category, fields, photos, storing) is the domain's command (src/domain/submit-request.ts). A multipart body (photos) is
 * read only when the photo queue admits it (else 503).
 */
export async function createRequest(
  ctx: Context,
  deps: AppDeps,
  limiter: PostLimiter,
  photos: PhotoQueue,
  residents: ResidentVerifier | null = null,
): Promise<void> {
  await limiter.check('address', ctx.ip);
  if (!ctx.is('multipart/form-data')) return storeRequest(ctx, deps, limiter, photos, residents);
  return photos.admit(() => storeRequest(ctx, deps, limiter, photos, residents));
}

async function storeRequest(
  ctx: Context,
  deps: AppDeps,
  limiter: PostLimiter,
  photoQueue: PhotoQueue,
  residents: ResidentVerifier | null,
): Promise<void> {
  const { config } = deps;
  const query = queryFields(ctx);
  const { fields: body, uploads } = await readBody(ctx, {
    bytes: config.bodyLimitBytes,
    fields: 1000,
    files: config.mediaMaxFiles,
    fileBytes: config.mediaMaxBytes,
  });
  // A resident JWT that does not verify is 401 before anything is stored.
  const resident = await optionalResident(ctx, residents);
  const fields = merge(query, body);
  const created = await submitRequest(
    { pool: deps.db.pool, catalogue: deps.catalogue, media: deps.media, photoQueue, config },
    {
      fields,
      checked: bodyParams('CreateServiceRequestBody', fields),
      uploads,
      apiKey: apiKeyFrom(ctx, body, query),
      origin: ctx.get('origin') || undefined,
      keyFound: (allowedOrigins) => noteKeyOrigins(ctx, allowedOrigins),
      resident,
      acceptLanguage: ctx.get('accept-language'),
      host: ctx.hostname.toLowerCase(),
      limitKey: (applicationId) => limiter.check('api_key', String(applicationId)),
    },
  );
  const handle = created.token === null ? { service_request_id: created.publicId } : { token: created.token };
  // The tracking token is the submitter's private key to the request: shown once, stored hashed.
  const tracking =
    created.trackingToken === null || !wantsExtensions(fields)
      ? {}
      : { extended_attributes: { tracking_token: created.trackingToken } };
  render(ctx, 'service_requests', [{ ...handle, service_notice: created.serviceNotice, ...tracking }]);
}
