import type { Context } from 'koa';
import { Histogram, type Registry } from 'prom-client';

/** Seconds; prom-client's defaults, which span a cached read (ms) to a photo upload (s). */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The label of a request that reached no route: an unknown path, or refused before routing. */
export const NO_ROUTE = 'none';
const OWN_ROUTE = '/metrics';

type Layer = { path: string | RegExp; methods: string[] };
type RoutedContext = Context & { _matchedRoute?: string | RegExp; matched?: Layer[] };
type Child = { observe(value: number): void };

/**
 * The route template @koa/router matched (`/open311/v2/requests/:id`), never the raw path, so
 * the label has as many values as there are routes. A path whose route exists but not for this
 * method (405) is labelled by that route; anything else by NO_ROUTE.
 */
export function routeOf(ctx: Context): string {
  const routed = ctx as RoutedContext;
  const matched = routed._matchedRoute;
  if (matched !== undefined) return typeof matched === 'string' ? matched : String(matched);
  const layers = routed.matched;
  if (layers === undefined) return NO_ROUTE;
  for (let i = layers.length - 1; i >= 0; i--) {
    if (layers[i].methods.length > 0) return String(layers[i].path);
  }
  return NO_ROUTE;
}

/**
 * `palaute311_http_request_duration_seconds{method, route, status}` (docs/metrics.md): its
 * `_count` is the number of requests. The labelled children are kept in nested maps, so a
 * request costs three map lookups and one observe, and builds no label object or key string.
 * Scrapes of /metrics itself are not counted.
 */
export function requestMetrics(registry: Registry): (ctx: Context, seconds: number) => void {
  const histogram = new Histogram({
    name: 'palaute311_http_request_duration_seconds',
    help: 'HTTP requests by method, matched route template and status: time to the response, in seconds.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: BUCKETS,
    registers: [registry],
  });
  const children = new Map<string, Map<string, Map<number, Child>>>();
  return (ctx, seconds) => {
    const route = routeOf(ctx);
    if (route === OWN_ROUTE) return;
    let byMethod = children.get(route);
    if (byMethod === undefined) children.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(ctx.method);
    if (byStatus === undefined) byMethod.set(ctx.method, (byStatus = new Map()));
    let child = byStatus.get(ctx.status);
    if (child === undefined)
      byStatus.set(ctx.status, (child = histogram.labels(ctx.method, route, String(ctx.status))));
    child.observe(seconds);
  };
}
