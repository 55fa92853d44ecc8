import type { Context, Next } from 'koa';
import { ApiError, notFound } from '../domain/errors';

export type Format = 'json' | 'xml';

const SUFFIX = /\.([^./]+)$/;

/**
 * GeoReport chooses the format by path suffix (docs/open311-dialect.md §3). Sets ctx.state.format from the
 * last path segment; until a valid suffix is known, errors are rendered as JSON.
 */
export async function formatFromSuffix(ctx: Context, next: Next): Promise<void> {
  const suffix = SUFFIX.exec(ctx.path)?.[1];
  ctx.state.format = suffix === 'xml' ? 'xml' : 'json';
  // `.geojson` exists for requests only (errors in JSON); any other path with it is a 404 route.
  if (suffix !== undefined && suffix !== 'json' && suffix !== 'xml' && suffix !== 'geojson') {
    throw notFound(`unknown format ".${suffix}": use .json or .xml`);
  }
  await next();
}

/** The path segment without its format suffix, e.g. "2026-000123" from "2026-000123.json". */
export function withoutSuffix(segment: string): string {
  return segment.replace(SUFFIX, '');
}

export function routeNotFound(path: string): ApiError {
  return SUFFIX.test(path)
    ? notFound(`no such resource: ${path}`)
    : notFound(`no such resource: ${path} (GeoReport resources end in .json or .xml)`);
}
