import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { addDetails, DETAILS_REFUSALS } from '../domain/add-details';
import { ApiError, forbidden, notFound } from '../domain/errors';
import { first } from '../domain/fields';
import { readBody } from '../http/body';
import type { PostLimiter } from '../http/rate-limit';
import type { PhotoQueue } from '../media/photo-queue';
import { pageLocale } from './page-locale';
import { PAGE_TEXTS } from './page-texts';

/**
 * The form is ours alone (docs/pages.md §4): a browser's `Sec-Fetch-Site` of another site, or an
 * `Origin` other than ours (PUBLIC_BASE_URL or the address the request came to), is a 403. A
 * `null` Origin is let through: our own page is served with `Referrer-Policy: no-referrer`, which
 * makes browsers send `Origin: null` on its form; the token in the body is what binds the form.
 */
export function refuseCrossSite(ctx: Context, publicBaseUrl: string): void {
  const site = ctx.get('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') throw forbidden('details can only be sent from this service');
  const origin = ctx.get('origin');
  if (origin === '' || origin === 'null') return;
  // Koa 3's ctx.origin is the Origin header itself; the address the request came to is protocol and Host.
  if (origin !== new URL(publicBaseUrl).origin && origin !== `${ctx.protocol}://${ctx.host}`) {
    throw forbidden(`details can only be sent from this service, not from ${origin}`);
  }
}

/** The domain's refusals that a resident can act on, in the page's language. */
function localised(error: unknown, ctx: Context, deps: AppDeps): unknown {
  if (!(error instanceof ApiError)) return error;
  const t = PAGE_TEXTS[pageLocale(ctx, deps.config.defaultLocale)];
  const said = error.errors[0]?.description;
  if (said === DETAILS_REFUSALS.closed) return new ApiError(error.status, [t.detailsClosed]);
  if (said === DETAILS_REFUSALS.empty) return new ApiError(error.status, [t.detailsEmpty]);
  return error;
}

async function store(ctx: Context, deps: AppDeps, photoQueue: PhotoQueue): Promise<void> {
  const { config } = deps;
  const { fields, uploads } = await readBody(ctx, {
    bytes: config.bodyLimitBytes,
    fields: 20,
    files: config.mediaMaxFiles,
    fileBytes: config.mediaMaxBytes,
  });
  const id = ctx.params.id;
  const token = first(fields, 'tracking_token') ?? ctx.get('x-tracking-token');
  if (token === '') throw notFound(`service_request_id "${id}" was not found`);
  try {
    await addDetails(
      { pool: deps.db.pool, media: deps.media, photoQueue, config },
      {
        publicId: id,
        trackingToken: token,
        text: first(fields, 'details') ?? null,
        // A file input left empty still sends an empty part.
        uploads: uploads.filter((upload) => upload.data.length > 0),
      },
    );
  } catch (error) {
    throw localised(error, ctx, deps);
  }
  const back = new URLSearchParams({ tracking_token: token });
  if (typeof ctx.query.lang === 'string') back.set('lang', ctx.query.lang);
  back.set('added', '1');
  ctx.set('Cache-Control', 'private, no-store');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.status = 303;
  ctx.redirect(`/requests/${encodeURIComponent(id)}?${back.toString()}`);
}

/**
 * POST /requests/{id}/details (docs/pages.md §4): the own view's form. Cross-site posts are
 * refused first, then the per-address POST limit; a multipart body waits for the photo queue
 * before it is read. Success is a 303 back to the own view with a confirmation.
 */
export async function postDetails(
  ctx: Context,
  deps: AppDeps,
  limiter: PostLimiter,
  photos: PhotoQueue,
): Promise<void> {
  refuseCrossSite(ctx, deps.config.publicBaseUrl);
  await limiter.check('address', ctx.ip);
  if (!ctx.is('multipart/form-data')) return store(ctx, deps, photos);
  return photos.admit(() => store(ctx, deps, photos));
}
