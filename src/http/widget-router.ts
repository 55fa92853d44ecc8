import type { Context } from 'koa';
import { Router } from '@koa/router';
import type { AppDeps } from '../deps';
import { notFound } from '../domain/errors';
import { municipalityOf } from '../domain/municipality';
import { fieldsFromSearchParams } from './fields';
import { queryParams } from './validate-params';
import { widgetFiles, type WidgetFile } from './widget-files';

/** The stable loader city pages embed; every other file is named by its content hash. */
const LOADER = 'palaute.js';
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/**
 * Any page may load the widget: its files and config carry no credentials and no private data.
 * A module script from another origin needs CORS; a page with Cross-Origin-Embedder-Policy
 * also needs the resource policy.
 */
function openToAnyOrigin(ctx: Context): void {
  ctx.set('Access-Control-Allow-Origin', '*');
  ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
  ctx.set('X-Content-Type-Options', 'nosniff');
}

function send(ctx: Context, file: WidgetFile, cacheControl: string): void {
  openToAnyOrigin(ctx);
  ctx.set('Cache-Control', cacheControl);
  ctx.etag = file.etag;
  ctx.status = 200;
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.type = file.type;
  ctx.body = Buffer.from(file.bytes);
}

/** What the widget needs to know about this deployment (docs/widget.md, "Configuration"). */
async function widgetConfig(ctx: Context, deps: AppDeps): Promise<void> {
  const fields = fieldsFromSearchParams(new URLSearchParams(ctx.querystring));
  queryParams('getWidgetConfig', fields);
  const catalogue = await deps.catalogue.get();
  const { config } = deps;
  const place = { host: ctx.hostname.toLowerCase(), defaultCity: config.defaultJurisdiction };
  const { jurisdiction } = municipalityOf(catalogue, fields, '', place);
  const map = jurisdiction.map ?? {};
  const services = (catalogue.services.get(jurisdiction.id) ?? []).filter((s) => s.active);
  const body = JSON.stringify({
    version: (await widgetFiles()).version,
    jurisdiction_id: jurisdiction.id,
    // The city's own map settings (set with its jurisdiction) over the deployment's MAP_*.
    map: {
      tile_url: map.tile_url ?? config.map.tileUrl,
      attribution: map.attribution ?? config.map.attribution,
      lat: map.lat ?? config.map.lat,
      long: map.long ?? config.map.long,
      zoom: map.zoom ?? config.map.zoom,
      max_zoom: map.max_zoom ?? config.map.maxZoom,
    },
    media: { max_files: config.mediaMaxFiles, max_bytes: config.mediaMaxBytes, types: PHOTO_TYPES },
    description: { min_length: config.descriptionMinLength, max_length: config.descriptionMaxLength },
    location_rules: Object.fromEntries(services.map((s) => [s.code, s.locationRule])),
  });
  const bytes = new TextEncoder().encode(body);
  send(ctx, { name: 'config.json', bytes, type: 'application/json; charset=utf-8', etag: etagOf(body) }, 'no-cache');
}

/** A weak validator is enough for a small JSON answer: it changes whenever its text does. */
function etagOf(text: string): string {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return `W/"${(hash >>> 0).toString(36)}-${text.length.toString(36)}"`;
}

/**
 * GET /widget/palaute.js (the loader: `no-cache`, revalidated by ETag, so a new build reaches
 * pages at once), GET /widget/{file} (content-hashed modules: cached for a year, immutable) and
 * GET /widget/config.json (tiles, first view, photo limits, each category's location rule).
 */
export function widgetRouter(deps: AppDeps): Router {
  const router = new Router({ prefix: '/widget' });
  router.get('/config.json', (ctx) => widgetConfig(ctx, deps));
  router.get('/:file', async (ctx) => {
    const { files } = await widgetFiles();
    const file = files.get(ctx.params.file);
    if (file === undefined) throw notFound(`no such widget file: ${ctx.params.file.slice(0, 100)}`);
    send(ctx, file, file.name === LOADER ? 'no-cache' : 'public, max-age=31536000, immutable');
  });
  return router;
}
