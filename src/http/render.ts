import type { Context } from 'koa';
import { toXml } from './xml';

export type RootName =
  | 'discovery'
  | 'services'
  | 'service_definition'
  | 'service_requests'
  | 'similar_requests'
  | 'service_request_updates'
  | 'errors';

const CONTENT_TYPE = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' } as const;

/**
 * The one renderer (STYLE.md §4): a canonical response object becomes JSON (Spark: the root is
 * dropped) or XML under `root`, in the format the path suffix asked for.
 */
export function render(ctx: Context, root: RootName, body: unknown, status = 200): void {
  const format: 'json' | 'xml' = ctx.state.format === 'xml' ? 'xml' : 'json';
  ctx.status = status;
  ctx.type = CONTENT_TYPE[format];
  ctx.body = format === 'xml' ? toXml(root, body) : JSON.stringify(body);
}
