import type { Context } from 'koa';
import { stripDisallowedJson } from './text-rules';
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
 * The one renderer (docs/architecture.md §6): a canonical response object becomes JSON (Spark: the root is
 * dropped) or XML under `root`, in the format the path suffix asked for.
 */
export function render(ctx: Context, root: RootName, body: unknown, status = 200): void {
  const format: 'json' | 'xml' = ctx.state.format === 'xml' ? 'xml' : 'json';
  ctx.status = status;
  ctx.type = CONTENT_TYPE[format];
  // The same text in both formats: XML cannot carry the characters the input rule refuses, so
  // neither does JSON, even for rows stored before the rule.
  ctx.body = format === 'xml' ? toXml(root, body) : stripDisallowedJson(JSON.stringify(body));
}
